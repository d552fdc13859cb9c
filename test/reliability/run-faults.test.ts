// Whole runs against a server that fails in each way servers fail: the run ends cleanly, and a resume
// leaves exactly one record per (cell, item) and per (pass, item), with nothing failed left.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi, type FakeRequest } from '../helpers/fake-openai.js';
import { answer, fault, type Reply } from '../helpers/fake-replies.js';
import { GSM8K_MINI, jsonlFiles, recordsOf, runGkt, workspace, type Workspace } from './helpers.js';

/** The second fixture item: every request about it fails while `broken` holds. */
const MARKED = 'A town library owns 1,200 books';
const ITEMS = 4;

let teacher: FakeOpenAi;
let student: FakeOpenAi;
let ws: Workspace;

beforeAll(async () => {
  teacher = await startFakeOpenAi({ model: 'fake-teacher' });
  student = await startFakeOpenAi({ model: 'fake-student' });
});

afterAll(async () => {
  await Promise.all([teacher.close(), student.close()]);
});

/** Retries come at once unless a test needs them to wait (`backoffSeconds`). */
async function sweep(name: string, attempts = 2, backoffSeconds = 0): Promise<Workspace> {
  return workspace({
    name,
    models: {
      teacher: { kind: 'generic', url: teacher.url, model: 'fake-teacher', batch: 2 },
      student: { kind: 'generic', url: student.url, model: 'fake-student' },
    },
    datasets: [{ name: 'gsm8k', path: GSM8K_MINI, limit: ITEMS }],
    pairs: [{ teacher: 'teacher', student: 'student' }],
    guidance: [10],
    outputLengths: [20],
    cache: false,
    requests: { attempts, backoffSeconds, timeoutSeconds: 1, graceSeconds: 1 },
  });
}

const healthy = (_request: FakeRequest): Reply => answer('She has 3 + 4 = 7 apples. The answer is 7.');

/** Every (pass, item) and (cell, item) recorded exactly once; the failed ones returned. */
function oneRecordEach(run: string): Array<Record<string, any>> {
  const failed: Array<Record<string, any>> = [];
  for (const [sub, type] of [['teacher', 'teacher'], ['cells', 'item']] as const) {
    const files = jsonlFiles(run, sub);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const records = recordsOf(file, type);
      expect(records.map((r) => r.item).sort(), file).toEqual(['gsm8k-0', 'gsm8k-1', 'gsm8k-2', 'gsm8k-3']);
      failed.push(...records.filter((r) => r.error !== null));
    }
  }
  return failed;
}

const marked = (request: FakeRequest) => String(request.body?.prompt ?? '').includes(MARKED);

describe.each<[string, (request: FakeRequest) => Reply, string[]]>([
  ['429 with Retry-After', () => fault.rateLimited('0'), ['rate-limited']],
  ['500', () => fault.status(500), ['server']],
  ['503', () => fault.status(503, { message: 'model is loading' }), ['server']],
  ['a reset connection', () => fault.reset('after-headers'), ['connection']],
  ['malformed JSON', () => fault.malformed(), ['malformed']],
  ['a truncated body', () => answer('The answer is 7 and then', { cut: { afterTokens: 2, then: 'end' } }), ['malformed', 'connection']],
  ['an empty choices list', () => fault.emptyChoices(), ['malformed']],
  ['an answer from another model', () => answer('The answer is 7.', { model: 'some-other-model' }), ['wrong-model']],
  ['a context-length refusal', () => fault.status(400, { message: "This model's maximum context length is 512 tokens" }), ['context']],
])('a server answering %s for one item', (name, failure, kinds) => {
  it('completes with that item recorded as failed, then --retry-errors redoes exactly it', async () => {
    ws = await sweep(`faults-${name.replace(/[^a-z0-9]+/gi, '-')}`);
    try {
      const script = (request: FakeRequest) => (marked(request) ? failure(request) : healthy(request));
      teacher.setAnswer(script);
      student.setAnswer(script);
      const first = await runGkt(['run', ws.config, '--results', ws.results]);
      expect(first.stderr).not.toMatch(/internal error/);
      expect(first.code).toBe(3);
      const run = ws.run(JSON.parse(readFileSync(ws.config, 'utf8')).name);
      const failed = oneRecordEach(run);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((r) => r.item === 'gsm8k-1')).toBe(true);
      for (const record of failed) {
        expect(kinds).toContain(record.error.kind);
        expect(record.error.attempts).toBeGreaterThanOrEqual(1);
        expect(record.error.message.length).toBeGreaterThan(0);
      }
      // Failed items count as wrong: the summary's denominators still hold every item.
      expect(first.stdout).toMatch(new RegExp(`${ITEMS}/${ITEMS}`));

      teacher.setAnswer(healthy);
      student.setAnswer(healthy);
      const retried = await runGkt(['run', ws.config, '--results', ws.results, '--retry-errors']);
      expect(retried.code).toBe(0);
      expect(oneRecordEach(run)).toEqual([]);
      const again = await runGkt(['run', ws.config, '--results', ws.results]);
      expect(again.stderr).toMatch(/ 0 requests made/);
    } finally {
      await ws.cleanup();
    }
  }, 60_000);
});

describe('a server that hangs once, and one killed mid-phase and restarted', () => {
  it('ends with every item answered and no failure recorded', async () => {
    // The student's retries must outlast its 300 ms outage: they wait at least 0.1, 0.2 and 0.4 s.
    ws = await sweep('faults-hang-and-restart', 4, 0.2);
    try {
      let hung = false;
      let restarted = false;
      let studentRequests = 0;
      teacher.setAnswer((request) => {
        if (!hung && marked(request)) {
          hung = true;
          return fault.hang();
        }
        return healthy(request);
      });
      student.setAnswer((request) => {
        if (++studentRequests === 3 && !restarted) {
          restarted = true;
          // Down for a moment, as a crashed server brought back by its supervisor.
          void student.kill().then(() => new Promise((resolve) => setTimeout(resolve, 300))).then(() => student.restart());
          return fault.reset('before-headers');
        }
        return healthy(request);
      });
      const result = await runGkt(['run', ws.config, '--results', ws.results]);
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(0);
      expect(hung && restarted).toBe(true);
      expect(oneRecordEach(ws.run('faults-hang-and-restart'))).toEqual([]);
    } finally {
      teacher.setAnswer(healthy);
      student.setAnswer(healthy);
      await ws.cleanup();
    }
  }, 60_000);
});

describe('a server failing every request', () => {
  it('stops the phase once the error budget is spent, keeping what was recorded, and resumes', async () => {
    ws = await sweep('faults-budget');
    try {
      teacher.setAnswer(() => fault.status(500));
      const stopped = await runGkt(['run', ws.config, '--results', ws.results, '--max-errors', '1']);
      expect(stopped.code).toBe(1);
      expect(stopped.stderr).toMatch(/stopped: 2 requests failed \(more than --max-errors 1\)/);
      teacher.setAnswer(healthy);
      const resumed = await runGkt(['run', ws.config, '--results', ws.results, '--retry-errors']);
      expect(resumed.code).toBe(0);
      expect(oneRecordEach(ws.run('faults-budget'))).toEqual([]);
    } finally {
      teacher.setAnswer(healthy);
      await ws.cleanup();
    }
  }, 60_000);
});

describe('requests.backoffSeconds', () => {
  it('is the wait before the first retry: at least half of it, never less', async () => {
    ws = await sweep('faults-backoff', 2, 0.4);
    try {
      const tries: number[] = [];
      teacher.setAnswer((request) => {
        if (!marked(request)) return healthy(request);
        tries.push(request.receivedAt);
        return tries.length === 1 ? fault.status(503) : healthy(request);
      });
      const result = await runGkt(['run', ws.config, '--results', ws.results]);
      expect(result.code, result.stderr).toBe(0);
      expect(oneRecordEach(ws.run('faults-backoff'))).toEqual([]);
      // The first request about the marked item, then its retry; later phases ask about it again.
      expect(tries.length).toBeGreaterThanOrEqual(2);
      // A timer may fire a millisecond early by the clock that stamps requests.
      expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(199);
    } finally {
      teacher.setAnswer(healthy);
      await ws.cleanup();
    }
  }, 60_000);
});
