// A teacher on llama.cpp whose stream holds a token split inside a character back into the next chunk: every guidance length holds the tokens it says.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords, runCli } from '../helpers/cli.js';
import type { FakeRequest } from '../helpers/fake-openai.js';
import { fakeWorkspace } from '../helpers/fake-workspace.js';
import { answer, splitTokens, type TokenPiece } from '../helpers/fake-replies.js';
import { GSM8K_MINI } from '../reliability/helpers.js';

/** Six tokens; the 2nd ends inside "é" and the 3rd completes it. */
const TEACHER: TokenPiece[] = [{ token: ' The' }, { token: '\ufffd', bytes: [0xc3] }, { token: '\ufffd', bytes: [0xa9] }, { token: ' cost' }, { token: ' is' }, { token: ' 5.' }];

const env = fakeWorkspace();

describe('guidance cut from a stream that merges a split character', () => {
  it('holds k tokens where token k ends whole, fewer and marked inexact where it ends inside a character', async () => {
    const server = {
      model: 'rnd',
      answer: (r: FakeRequest) => {
        const usage = { prompt: splitTokens(String(r.body.prompt)).length, completion: r.body.logprobs ? TEACHER.length : 3 };
        return r.body.logprobs
          ? answer(null, { tokens: TEACHER, logprobs: 'content', usage, llamaCppChunks: { perTokenTimings: true } })
          : answer(' The answer is 5.', { usage });
      },
    };
    const space = await env.start(server, (url) => ({
      name: 'utf8',
      models: {
        teacher: { kind: 'llamacpp', url, model: 'rnd', batch: 2 },
        student: { kind: 'llamacpp', url, model: 'rnd' },
      },
      datasets: [{ name: 'gsm8k', path: GSM8K_MINI, limit: 2 }],
      pairs: [{ teacher: 'teacher', student: 'student' }],
      guidance: [2, 3, 6],
      outputLengths: [8],
      baselines: { studentAlone: false, teacherAlone: false, teacherAloneBatched: false },
      cache: false,
    }));
    const result = await runCli(['run', space.config, '--results', space.results]);
    expect(result.code, result.stderr).toBe(0);

    const run = space.run('utf8');
    const [passFile] = await readdir(join(run, 'teacher'));
    const teacher = (await readRecords(join(run, 'teacher', passFile!))).filter((r) => r.type === 'teacher');
    expect(teacher[0]).toMatchObject({ text: ' Theé cost is 5.', completionTokens: 6, tokens: { end: [4, 4, 5, 10, 13, 16], inexact: [1] } });

    const byLength = new Map<number, Record<string, unknown>>();
    for (const file of await readdir(join(run, 'cells'))) {
      const lines = await readRecords(join(run, 'cells', file));
      const cell = (lines[0]!.cell as { teacher: { guidanceTokens: number } }).teacher.guidanceTokens;
      byLength.set(cell, (lines.find((l) => l.type === 'item') as { guidance: Record<string, unknown> }).guidance);
    }
    expect(byLength.get(3)).toMatchObject({ raw: ' Theé', tokens: 3, derived: true });
    expect(byLength.get(3)!.inexact).toBeUndefined();
    expect(byLength.get(2)).toMatchObject({ raw: ' The', tokens: 1, inexact: true });
    expect(byLength.get(6)).toMatchObject({ raw: ' Theé cost is 5.', tokens: 6, derived: false });
    const manifest = JSON.parse(await readFile(join(run, 'manifest.json'), 'utf8')) as { sessions: Array<{ status: string }> };
    expect(manifest.sessions.at(-1)!.status).toBe('completed');
  });
});
