// The viewer reads runs through the results store: several folders merged by the one record-choice rule, texts read by item, sets closed after use.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCellMetrics, loadRun } from '../../src/report/index.js';
import { RecordSet } from '../../src/results/record-set.js';
import type { RecordKind } from '../../src/results/read-records.js';
import { BIT } from '../../src/view/item-bits.js';
import { LiveRun } from '../../src/view/live-run.js';
import { RecordSets } from '../../src/view/record-sets.js';
import { readRun } from '../../src/view/run-source.js';
import { ROOT } from '../helpers/cli.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'runs', 'v1-run');
/** The student alone of the fixture: gsm8k-2's request failed there. */
const STUDENT_ALONE = 'c-cc588b0c500f';

let scratch: string;
let failedFirst: string;
let answeredLater: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gkt-view-source-'));
  failedFirst = join(scratch, 'first', 'v1-run');
  answeredLater = join(scratch, 'later', 'v1-run');
  await cp(FIXTURE, failedFirst, { recursive: true });
  await cp(FIXTURE, answeredLater, { recursive: true });
  // The later folder answered gsm8k-2 (a rerun elsewhere): its record stands, in whichever order the folders come.
  const path = join(answeredLater, 'cells', `${STUDENT_ALONE}.jsonl`);
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
  const answered = lines.find((l) => l.item === 'gsm8k-0')!;
  const redone = { ...answered, item: 'gsm8k-2', index: 2, question: 'A redone question about zebras crossing.', student: { ...answered.student, text: ' The zebras cross. The answer is 4.' } };
  await writeFile(path, lines.map((l) => JSON.stringify(l.item === 'gsm8k-2' ? redone : l)).join('\n') + '\n');
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the viewer over several run folders', () => {
  it.each([
    ['the failed record first', () => [failedFirst, answeredLater]],
    ['the answered record first', () => [answeredLater, failedFirst]],
  ])('lists, opens and searches the record the report counts (%s)', async (_, folders) => {
    const roots = folders();
    const read = await readRun(roots);
    const index = read.indexes.get(STUDENT_ALONE)!;
    const flags = index.flags[index.items.indexOf('gsm8k-2')]!;
    expect(flags & BIT.present).toBe(BIT.present);
    expect(flags & BIT.error).toBe(0);
    const metrics = computeCellMetrics(await loadRun(roots)).find((m) => m.id === STUDENT_ALONE)!;
    expect(metrics.errors.total).toBe(0);
    expect(metrics.items).toMatchObject({ present: 3, duplicates: 3 });

    const live = await LiveRun.open(roots);
    try {
      const item = await live.item(STUDENT_ALONE, 'gsm8k-2', 'reference');
      expect(item).toMatchObject({ status: 'answered', question: 'A redone question about zebras crossing.' });
      expect(item!.answer).toBe(' The zebras cross. The answer is 4.');
      // Read from a format-1 file by item: its line migrated as the report's reading migrates it.
      expect(item!.student?.responseModel).toBe('sim-student');
      expect(await live.item(STUDENT_ALONE, 'gsm8k-9', 'reference')).toBeNull();
      expect([...(await live.search(STUDENT_ALONE, 'ZEBRAS   crossing'))]).toEqual(['gsm8k-2']);
      expect((await live.search(STUDENT_ALONE, 'rolls')).has('gsm8k-0')).toBe(true);
    } finally {
      live.stop();
    }
  });
});

describe('RecordSets', () => {
  /** Real record sets of the fixture, each close noted. */
  function sets(capacity: number): { pool: RecordSets; closed: string[] } {
    const closed: string[] = [];
    const pool = new RecordSets(async (kind: RecordKind, id: string) => {
      const set = await RecordSet.open([FIXTURE], kind, id);
      const close = set.close.bind(set);
      set.close = async () => {
        closed.push(id);
        await close();
      };
      return set;
    }, capacity);
    return { pool, closed };
  }

  it('opens a set once however many ask, and closes the least recently used past its capacity', async () => {
    const { pool, closed } = sets(1);
    const [a, b] = await Promise.all([
      pool.use('v1', 'cell', STUDENT_ALONE, (set) => set.read('gsm8k-0')),
      pool.use('v1', 'cell', STUDENT_ALONE, (set) => set.read('gsm8k-1')),
    ]);
    expect([a?.item, b?.item]).toEqual(['gsm8k-0', 'gsm8k-1']);
    expect(closed).toEqual([]);
    await pool.use('v1', 'cell', 'c-1ff5eda11642', (set) => set.read('gsm8k-0'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toEqual([STUDENT_ALONE]);
    pool.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toEqual([STUDENT_ALONE, 'c-1ff5eda11642']);
  });

  it('never closes a set while it is read: cleared meanwhile, it closes when its reader is done', async () => {
    const { pool, closed } = sets(4);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reading = pool.use('v1', 'cell', STUDENT_ALONE, async (set) => {
      await held;
      return set.read('gsm8k-1');
    });
    await new Promise((resolve) => setImmediate(resolve));
    pool.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toEqual([]);
    release();
    expect((await reading)?.item).toBe('gsm8k-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toEqual([STUDENT_ALONE]);
  });
});
