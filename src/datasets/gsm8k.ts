// GSM8K record → item: the question as is; gold is the number on the final `#### ` line, commas removed.
import { RecordError, stringField } from './record-error.js';
import type { Item } from './types.js';

const MARKER = '#### ';
const GOLD = /^-?\d+(\.\d+)?$/;

export function mapGsm8kRecord(record: unknown, index: number): Item {
  const question = stringField(record, 'question');
  const answer = stringField(record, 'answer');
  const last = answer.split('\n').findLast((line) => line.trim() !== '') ?? '';
  if (!last.startsWith(MARKER)) {
    if (answer.includes(MARKER)) throw new RecordError(`"answer" does not end with its "${MARKER}" line`);
    throw new RecordError(`"answer" has no "${MARKER}" line`);
  }
  const value = last.slice(MARKER.length).trim();
  // Thousands separators occur in the golds (`#### 1,450,000`); the reference code drops them too.
  const gold = value.replaceAll(',', '');
  if (!GOLD.test(gold)) throw new RecordError(`"answer" ends with "${MARKER}${value}", not a number`);
  return { id: `gsm8k-${index}`, index, dataset: 'gsm8k', question, gold };
}
