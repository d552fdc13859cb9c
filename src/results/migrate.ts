// Format 1 → 2, applied to each line and file of a format-1 run as it is read: the only changes between the two.
import { FORMAT } from './format.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The same object with one key renamed in its place, so a rewritten line reads as the original did. */
function renameKey(value: Json, from: string, to: string): Json {
  if (!(from in value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key === from ? to : key, v]));
}

/** `format` first, as the writer puts it. */
function withFormat(value: Json): Json {
  const { format: _format, ...rest } = value;
  return { ...(typeof rest['type'] === 'string' ? { type: rest['type'] } : {}), format: FORMAT, ...rest };
}

/**
 * One line of a format-1 pass or cell file. The records' `model` (the id the server named in its
 * response) is `responseModel` in format 2; headers gain the format. Anything else is left for the
 * format-2 check to judge.
 */
export function migrateLineFrom1(line: unknown): unknown {
  if (!isObject(line)) return line;
  switch (line['type']) {
    case 'pass':
    case 'cell':
      return withFormat(line);
    case 'teacher':
      return renameKey(line, 'model', 'responseModel');
    case 'item':
      return isObject(line['student']) ? { ...line, student: renameKey(line['student'], 'model', 'responseModel') } : line;
    default:
      return line;
  }
}

/**
 * manifest.json and plan.json of format 1 differ from format 2 by the missing `format`, and a manifest
 * by the scheduler task of its latest session, which a gkt without cluster runs did not write: none.
 */
export function migrateDocumentFrom1(document: unknown, kind: 'manifest' | 'plan'): unknown {
  if (!isObject(document)) return document;
  if (kind === 'plan' || 'scheduler' in document) return { format: FORMAT, ...document };
  // In the place the writer puts it, after the shard.
  const entries = Object.entries(document);
  const at = entries.findIndex(([key]) => key === 'shard');
  entries.splice(at === -1 ? entries.length : at + 1, 0, ['scheduler', null]);
  return { format: FORMAT, ...Object.fromEntries(entries) };
}
