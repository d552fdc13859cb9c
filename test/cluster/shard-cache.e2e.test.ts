// The response cache is keyed by request, not by shard: a sweep run whole answers the same sweep split three ways.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GSM8K, gkt, readCells, simulatedModel, tempDir, writeJson } from '../report/e2e-helpers.js';
import type { CliResult } from '../helpers/cli.js';

let work: Awaited<ReturnType<typeof tempDir>>;
let shards: CliResult[];

beforeAll(async () => {
  work = await tempDir('shard-cache');
  const config = await writeJson(join(work.dir, 'cached.json'), {
    name: 'cached',
    seed: 1,
    models: {
      teacher: simulatedModel('sim-teacher-13b', 'SimTeacher-13B', { accuracy: 0.75 }, { batch: 4 }),
      student: simulatedModel('sim-student-7b', 'SimStudent-7B', { accuracy: 0.25 }),
    },
    datasets: [{ name: 'gsm8k', path: GSM8K, outputLengths: [60] }],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [10, 20],
  });
  const run = (args: string[]) => gkt(['run', config, '--results', join(work.dir, 'results'), '--quiet', ...args], { cwd: work.dir });
  const whole = await run([]);
  if (whole.code !== 0) throw new Error(whole.stderr);
  shards = [];
  for (const shard of ['1/3', '2/3', '3/3']) shards.push(await run(['--run-name', 'split', '--shard', shard]));
}, 90_000);

afterAll(async () => {
  await work?.remove();
});

describe('the response cache across shard counts', () => {
  it('answers every shard of the split run from what the whole run cached', async () => {
    for (const [i, shard] of shards.entries()) {
      expect(shard.code, shard.stderr).toBe(0);
      expect(shard.stderr).toMatch(/, 0 requests made;/);
      const cells = await readCells(join(work.dir, 'results', `split.shard-${i + 1}-of-3`));
      const items = [...cells.values()].flatMap((c) => c.items);
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => item['student'].cached === true)).toBe(true);
    }
  });
});
