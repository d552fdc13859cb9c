// Reads back what a `gkt run` wrote: each teacher pass's header, records and phase segments.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PassHeader, SegmentRecord, TeacherRecord } from '../src/results/records.js';

export interface PassFile {
  header: PassHeader;
  records: TeacherRecord[];
  segments: SegmentRecord[];
}

/** Pure: a JSONL text → its lines, parsed; blank lines skipped. */
export function parseJsonl(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** Pure: one teacher file's lines sorted into header, records and segments. */
export function splitPassFile(lines: unknown[], file: string): PassFile {
  const [header, ...rest] = lines as Array<{ type?: string }>;
  if (header?.type !== 'pass') throw new Error(`${file}: the first line is not a pass header`);
  return {
    header: header as PassHeader,
    records: rest.filter((l): l is TeacherRecord => l.type === 'teacher'),
    segments: rest.filter((l): l is SegmentRecord => l.type === 'segment'),
  };
}

export async function readPassFiles(runDir: string): Promise<PassFile[]> {
  const dir = join(runDir, 'teacher');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
  return Promise.all(names.map(async (n) => splitPassFile(parseJsonl(await readFile(join(dir, n), 'utf8')), join(dir, n))));
}

/** Pure: server-reported completion tokens over every pass, per item; a failed item counts 0 tokens but stays in the denominator. */
export function teacherTokensPerItem(passes: PassFile[], items: number): number {
  const tokens = passes.flatMap((p) => p.records).reduce((sum, r) => sum + (r.completionTokens ?? 0), 0);
  return tokens / items;
}

/** Pure: a phase's wall time, the sum of its segments' spans (one per session that worked on it). */
export function phaseMs(segments: SegmentRecord[]): number {
  let total = 0;
  const open = new Map<string, number>();
  for (const s of segments) {
    if (s.event === 'start') open.set(s.session, s.at);
    else if (open.has(s.session)) {
      total += s.at - open.get(s.session)!;
      open.delete(s.session);
    }
  }
  return total;
}

export function failedRecords(passes: PassFile[]): number {
  return passes.flatMap((p) => p.records).filter((r) => r.error !== null).length;
}
