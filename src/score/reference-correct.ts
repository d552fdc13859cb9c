// Correctness as the reference code judged it: str() of the extracted answer equal to str() of the gold.
import type { DatasetName } from '../vocabulary.js';

/**
 * GSM8K gold there is `int(answer.replace(',', ''))` and the extraction an int of digits only, so a
 * negative gold can never be matched, and integers compare exactly. A gold with decimals would make
 * that int() fail; here it is never matched. CSQA compares the letters as they are.
 */
export function isReferenceCorrect(dataset: DatasetName, answer: string | null, gold: string): boolean {
  if (answer === null) return false;
  if (dataset === 'csqa') return answer === gold;
  const integer = /^\s*([-+]?)(\d+)\s*$/.exec(gold.replaceAll(',', ''));
  if (integer === null) return false;
  const digits = (integer[2] ?? '').replace(/^0+/, '') || '0';
  const goldText = integer[1] === '-' && digits !== '0' ? `-${digits}` : digits;
  return answer === goldText;
}
