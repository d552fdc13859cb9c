// The sweep config as written by the user, typed from its definition (sweep-schema.ts, model-schema.ts).
import type * as z from 'zod';
import type { cascadeSchema, handoffSchema, routerSchema } from './method-schema.js';
import type { chatSchema, launchSchema, modelSchema, priceSchema, samplingSchema, simulateSchema } from './model-schema.js';
import type { sweepSchema } from './sweep-schema.js';

export type SweepConfig = z.input<typeof sweepSchema>;
export type ModelSpec = z.input<typeof modelSchema>;
export type SamplingSpec = z.input<typeof samplingSchema>;
export type PriceSpec = z.input<typeof priceSchema>;
export type LaunchSpec = z.input<typeof launchSchema>;
export type SimulateSpec = z.input<typeof simulateSchema>;
/** A chat model's prompt formatting (models.*.chat). */
export type ChatSpec = z.input<typeof chatSchema>;
export type PairSpec = NonNullable<SweepConfig['pairs']>[number];
export type HandoffSpec = z.input<typeof handoffSchema>;
export type CascadeSpec = z.input<typeof cascadeSchema>;
export type RouterSpec = z.input<typeof routerSchema>;
export type SingleSpec = Exclude<NonNullable<SweepConfig['singles']>[number], string>;

/**
 * A config as the cross-field checks see it: when it had problems, the values that had them are taken
 * out (see validate.ts), so any field may be missing, an array's item too; what is left is valid.
 */
export type Loose<T> = T extends readonly (infer U)[]
  ? Array<Loose<U> | undefined>
  : T extends object
    ? { [K in keyof T]?: Loose<T[K]> }
    : T;
