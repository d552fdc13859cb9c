// Issues of a definition told as `$.path: message` lines, for the forms a definition may take.
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { describeProblems, jsonPath, problemsOf } from '../../src/config/schema-errors.js';

const lines = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? [] : describeProblems(problemsOf(result.error.issues, schema), schema);
};

describe('a form named by a key', () => {
  const router = z.discriminatedUnion('router', [
    z.strictObject({ router: z.literal('oracle') }),
    z.strictObject({ router: z.literal('random'), rate: z.number().min(0).max(1) }),
    z.discriminatedUnion('signal', [
      z.strictObject({ router: z.literal('threshold'), signal: z.enum(['logprob', 'length']), threshold: z.number() }),
      z.strictObject({ router: z.literal('threshold'), signal: z.literal('agreement'), samples: z.int().min(2) }),
    ]),
  ]);
  const routers = z.strictObject({ routers: z.array(router) });

  it.each([
    ['an unknown form', { router: 'coin' }, ['$.routers[0].router: must be one of "oracle", "random", "threshold"']],
    ['no form', { rate: 0.5 }, ['$.routers[0].router: is required']],
    ['a bad value of the form named', { router: 'random', rate: 2 }, ['$.routers[0].rate: must be <= 1']],
    ['a key of another form', { router: 'oracle', rate: 0.5 }, ['$.routers[0].rate: unknown key']],
    ['an unknown form within a form', { router: 'threshold', signal: 'vote', threshold: 1 }, ['$.routers[0].signal: must be one of "logprob", "length", "agreement"']],
    ['a missing key of a form within a form', { router: 'threshold', signal: 'agreement' }, ['$.routers[0].samples: is required']],
    ['no object at all', 'oracle', ['$.routers[0]: must be object']],
  ])('%s', (_what, value, expected) => {
    expect(lines(routers, { routers: [value] })).toEqual(expected);
  });
});

describe('jsonPath', () => {
  it.each([
    [[], '$'],
    [['models', 'llama-13b', 'batch'], '$.models["llama-13b"].batch'],
    [['datasets', 0, 'name'], '$.datasets[0].name'],
    [['models', 'a b'], '$.models["a b"]'],
  ])('%j is %s', (path, expected) => {
    expect(jsonPath(path)).toBe(expected);
  });
});
