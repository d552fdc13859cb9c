// The definition of the methods a pair may run beside GKT (hand-offs, cascades, routers) and of a teacher served with a draft model.
import * as z from 'zod';
import { CASCADE_ESCALATIONS, RULE_NAMES } from '../vocabulary.js';
import { integer, uniqueList } from './schema-kit.js';

const teacherTokens = () => integer(1, 4096);
const maxHandoffs = () => integer(1, 10000).describe('Most changes of writer in one answer; then the student finishes alone (default 32).');

export const handoffSchema = z.discriminatedUnion('policy', [
  z.strictObject({ policy: z.literal('prefix'), teacherTokens: teacherTokens() }),
  z.strictObject({
    policy: z.literal('per-step'),
    teacherTokens: teacherTokens(),
    stepEnds: uniqueList(z.string().min(1))
      .optional()
      .describe('Where a step ends (default a new line, or a period and a space).'),
    maxHandoffs: maxHandoffs().optional(),
  }),
  z.strictObject({
    policy: z.literal('confidence'),
    threshold: z.number().max(0).describe('Token log-probability below which the teacher takes over.'),
    teacherTokens: teacherTokens(),
    window: integer(1, 4096)
      .optional()
      .describe('Student tokens asked for per request; those after a token below the threshold are cut off (default 16).'),
    maxHandoffs: maxHandoffs().optional(),
  }),
]);

const rule = () => z.enum(RULE_NAMES);

export const cascadeSchema = z.strictObject({
  samples: integer(1, 64),
  escalate: z.enum(CASCADE_ESCALATIONS),
  threshold: z
    .number()
    .max(0)
    .optional()
    .describe('Mean token log-probability below which the item goes to the teacher (confidence, either).'),
  rule: rule().optional().describe('The extraction rule whose answers are compared (default flexible).'),
});

export const routerSchema = z.discriminatedUnion('router', [
  z.strictObject({ router: z.literal('oracle') }),
  z.strictObject({ router: z.literal('random'), rate: z.number().min(0).max(1) }),
  z.discriminatedUnion('signal', [
    z.strictObject({ router: z.literal('threshold'), signal: z.enum(['logprob', 'length']), threshold: z.number() }),
    z.strictObject({
      router: z.literal('threshold'),
      signal: z.literal('agreement'),
      threshold: z.number().min(0).max(1),
      samples: integer(2, 64).describe('Samples compared: those of this pair\'s cascade with as many samples and the same rule.'),
      rule: rule().optional().describe('Default flexible.'),
    }),
  ]),
]);

/** The methods of one pair, beside its GKT cells. */
export const pairMethods = {
  handoffs: z
    .array(handoffSchema)
    .min(1)
    .optional()
    .describe(
      'Hand-off cells of this pair: the answer written by both models in turns, at each output length. prefix is GKT itself (its teacherTokens join the guidance lengths); per-step has the teacher write the first teacherTokens tokens after every step end and the student the rest of each step (FoReaL-Decoding); confidence has the student write and the teacher take over for teacherTokens tokens at each student token whose log-probability is below threshold (R-Stitch).',
    ),
  cascades: z
    .array(cascadeSchema)
    .min(1)
    .optional()
    .describe(
      "Cascade cells of this pair: the student answers with `samples` samples (the first asked as the student alone is); the item goes to the teacher when their answers disagree (disagree), when the first sample's mean token log-probability is below threshold (confidence), or either.",
    ),
  routers: z
    .array(routerSchema)
    .min(1)
    .optional()
    .describe(
      "Routing cells of this pair, computed from the records of the student alone and the teacher alone (no new requests): each item goes to one of the two. oracle: to the teacher only when it is right and the student wrong; random: to the teacher at this rate; threshold: on a signal of the student's answer (its mean token log-probability below the threshold, its length in tokens above it, or the agreement of a cascade's samples with its first below it).",
    ),
};

export const speculativeSchema = z
  .strictObject({
    teacher: z.string().describe('The config key of the teacher this server serves (its answers are compared with that teacher alone).'),
    draft: z
      .string()
      .min(1)
      .optional()
      .describe("The draft model as the server's flags take it: a path (llama.cpp's GGUF file) or a model id (vLLM, SGLang)."),
    draftTokens: integer(1, 64)
      .optional()
      .describe('Tokens the draft proposes per step (vLLM num_speculative_tokens, SGLang --speculative-num-steps, llama.cpp --draft-max). Default 5.'),
    draftServer: z
      .string()
      .optional()
      .describe(
        "The config key of a model serving the draft alone: gkt compares its /tokenize with this server's and says when the two vocabularies differ.",
      ),
  })
  .describe(
    "This model is a teacher served with a draft model (speculative decoding): its answers should be the teacher's, and the report compares them. It runs alone beside the teacher alone, at the same output lengths. With a launch command, gkt adds the server kind's draft flags (vLLM --speculative-config, SGLang --speculative-draft-model-path, llama.cpp -md) unless the arguments hold them already.",
  );

/** A simulated server's draft model. */
export const simulatedSpeculativeSchema = z
  .strictObject({
    acceptance: z.number().min(0).max(1),
    draftTokens: integer(1, 64).optional().describe('Default 5.'),
    draftMsPerToken: z.number().min(0).optional().describe("The draft's decode time per token (default 0)."),
  })
  .describe(
    "Serve as a teacher with a draft model: the same answers, decoded in steps of draftTokens drafted tokens of which each is accepted with this probability in turn; reports llama.cpp's per-request draft counts and vLLM's /metrics counters.",
  );
