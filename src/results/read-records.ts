// A pass or cell file read line by line: each line parsed and checked against the run format (format 1 migrated first); a bad line is refused with its file and line.
import { UsageError } from '../util/errors.js';
import { FORMAT, formatOf, type FormatVersion } from './format.js';
import { firstLine, scanLines, type Line } from '../util/lines.js';
import { migrateLineFrom1 } from './migrate.js';
import { shapeProblem, type Shape } from './schema.js';
import type { AcceptanceRecord, VocabularyRecord } from './method-records.js';
import type { CellHeader, ItemRecord, PassHeader, SegmentRecord, TeacherRecord } from './records.js';

export type RecordKind = 'pass' | 'cell';
export type HeaderOf<K extends RecordKind> = K extends 'pass' ? PassHeader : CellHeader;
export type RecordOf<K extends RecordKind> = K extends 'pass' ? TeacherRecord : ItemRecord;
/** What a cell file holds beside its records and segments: a speculative server's acceptance counters and vocabulary check. */
export type NoteLine = AcceptanceRecord | VocabularyRecord;
/** The lines of a file that are not records of an item: phase segments, and (cell files only) notes. */
export type SideLine = SegmentRecord | NoteLine;
export type BodyLine<K extends RecordKind> = RecordOf<K> | SideLine;

/** Whether a line is the record of an item (and so in the file's index), not a segment or a note. */
export function isRecordLine<K extends RecordKind>(line: BodyLine<K>): line is RecordOf<K> {
  return line.type === 'item' || line.type === 'teacher';
}

interface KindSpec {
  header: Shape;
  record: Shape;
  recordType: string;
  /** The other lines the file may hold beside records and segments, each checked as its schema definition of the same name. */
  notes: ReadonlyArray<NoteLine['type']>;
  /** The id a header gives its file, and the field each record names it by. */
  headerId: (header: PassHeader | CellHeader) => string;
  idField: 'pass' | 'cell';
}

const KINDS: Record<RecordKind, KindSpec> = {
  pass: { header: 'passHeader', record: 'teacherRecord', recordType: 'teacher', notes: [], headerId: (h) => (h as PassHeader).pass.id, idField: 'pass' },
  cell: { header: 'cellHeader', record: 'itemRecord', recordType: 'item', notes: ['acceptance', 'vocabulary'], headerId: (h) => (h as CellHeader).cell.id, idField: 'cell' },
};

export function headerId(kind: RecordKind, header: PassHeader | CellHeader): string {
  return KINDS[kind].headerId(header);
}

export interface RecordScan<K extends RecordKind> {
  /** Null when the file is empty or holds only a torn first line (killed before its header was whole). */
  header: HeaderOf<K> | null;
  /** The format the file was written in (its lines are given as format 2 either way). */
  version: FormatVersion;
  size: number;
  /** A last line cut by a kill: no newline, or one that is not JSON. Readers skip it; a resumed run cuts it. */
  torn: { offset: number; text: string } | null;
}

export interface LineAt {
  number: number;
  offset: number;
  bytes: number;
}

export class RecordLineError extends UsageError {}

const DAMAGED = 'the file was changed or damaged outside gkt: fix or delete that line (a run redoes the items whose records are missing)';

function lineError(path: string, number: number, problem: string): RecordLineError {
  return new RecordLineError(`${path}: line ${number}: ${problem}`, { hint: DAMAGED });
}

function notJson(path: string, number: number, error: Error): RecordLineError {
  return new RecordLineError(`${path}: line ${number} is not valid JSON (${error.message})`, { hint: DAMAGED, cause: error });
}

/**
 * Reads the file at `path` as a `kind` file, calling `visit` for each line after the header (records and
 * segments, format 2). Null when the file does not exist. Throws at the first bad line, naming it.
 */
export async function scanRecords<K extends RecordKind>(
  path: string,
  kind: K,
  visit: (line: BodyLine<K>, at: LineAt) => void | Promise<void>,
  onHeader?: (header: HeaderOf<K>, version: FormatVersion) => void | Promise<void>,
): Promise<RecordScan<K> | null> {
  const spec = KINDS[kind];
  let header: HeaderOf<K> | null = null;
  let version: FormatVersion = FORMAT;
  let lastLine: { line: Line; error: Error } | null = null;
  const refuse = (line: Line, problem: string) => lineError(path, line.number, problem);

  const scan = await scanLines(path, (line) => {
    // A line that is not JSON may only be the last one, cut by a kill: held back until the next line shows whether it was.
    if (lastLine !== null) throw notJson(path, lastLine.line.number, lastLine.error);
    if (line.text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      lastLine = { line, error: error as Error };
      return;
    }
    const at = { number: line.number, offset: line.offset, bytes: line.bytes };
    if (header === null) {
      const type = (value as { type?: unknown } | null)?.type;
      if (type !== kind) throw refuse(line, `the first line must be the ${kind} header, not ${describeType(type)}`);
      version = formatOf(value, `${path}: line ${line.number}`);
      const migrated = version === 1 ? migrateLineFrom1(value) : value;
      const problem = shapeProblem(spec.header, migrated);
      if (problem !== null) throw refuse(line, `${kind} header: ${problem}`);
      header = migrated as HeaderOf<K>;
      return onHeader?.(header, version);
    }
    const migrated = version === 1 ? migrateLineFrom1(value) : value;
    const type = (migrated as { type?: unknown } | null)?.type;
    const note = spec.notes.find((n) => n === type);
    const shape: Shape | null = type === spec.recordType ? spec.record : type === 'segment' ? 'segment' : note ?? null;
    if (shape === null) throw refuse(line, `a ${kind} file holds ${[spec.recordType, 'segment', ...spec.notes].join(', ').replace(/, ([^,]*)$/, ' and $1')} lines, not ${describeType(type)}`);
    const problem = shapeProblem(shape, migrated);
    if (problem !== null) throw refuse(line, `${type as string} line: ${problem}`);
    if (shape === spec.record) {
      const id = (migrated as Record<string, unknown>)[spec.idField];
      const own = spec.headerId(header);
      if (id !== own) throw refuse(line, `a record of ${kind} ${String(id)} in the file of ${kind} ${own}`);
    }
    return visit(migrated as BodyLine<K>, at);
  });
  if (scan === null) return null;
  let torn = scan.torn;
  if (lastLine !== null) {
    const { line, error } = lastLine as { line: Line; error: Error };
    if (torn !== null) throw notJson(path, line.number, error);
    torn = { offset: line.offset, text: `${line.text}\n` };
  }
  return { header, version, size: scan.size, torn };
}

function describeType(type: unknown): string {
  return typeof type === 'string' ? `a line of type "${type}"` : 'a line without a type';
}

/**
 * Only the header of a pass or cell file, checked (e.g. to learn which cell a file holds that no plan
 * lists); null when the file is missing or has no whole first line.
 */
export async function readHeader<K extends RecordKind>(path: string, kind: K): Promise<HeaderOf<K> | null> {
  const text = await firstLine(path);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw notJson(path, 1, error as Error);
  }
  if ((value as { type?: unknown } | null)?.type !== kind) throw lineError(path, 1, `the first line must be the ${kind} header`);
  const version = formatOf(value, `${path}: line 1`);
  const migrated = version === 1 ? migrateLineFrom1(value) : value;
  const problem = shapeProblem(KINDS[kind].header, migrated);
  if (problem !== null) throw lineError(path, 1, `${kind} header: ${problem}`);
  return migrated as HeaderOf<K>;
}
