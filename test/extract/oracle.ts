// A second, independent reading of PROTOCOL's three extraction rules, used only to check src/extract against it.
//
// Written from PROTOCOL ("Answer extraction") and the reference Python code's behaviour, without sharing
// code with src/extract, so that a shared misreading cannot hide. Numbers come back as canonical
// text (`-3`, `1234.5`, `1/3`), letters upper-case; the reference rule's random fallback is reported as
// `fallback: true` with no value, since the value depends on the generator.

export type OracleDataset = 'gsm8k' | 'csqa';

export interface OracleAnswer {
  answer: string | null;
  fallback: boolean;
}

export interface OracleAnswers {
  reference: OracleAnswer;
  strict: OracleAnswer;
  flexible: OracleAnswer;
}

const none: OracleAnswer = { answer: null, fallback: false };
const found = (answer: string): OracleAnswer => ({ answer, fallback: false });

/** All three rules. `prompt` is the text before the model's answer; `answer` is guidance + continuation. */
export function oracleExtract(dataset: OracleDataset, prompt: string, answer: string, shots: number): OracleAnswers {
  const reference = dataset === 'gsm8k' ? oracleReferenceGsm8k(prompt + answer, shots) : oracleReferenceCsqa(prompt + answer, shots);
  const block = oracleAnswerBlock(answer);
  const strict = dataset === 'gsm8k' ? strictNumber(block) : strictLetter(block);
  const flexible = strict.answer !== null ? strict : dataset === 'gsm8k' ? lastNumber(block) : lastParenthesisedLetter(block);
  return { reference, strict, flexible };
}

// ---- reference: Python `str.lower`, `str.split`, `re.findall(r'(\d+)')`, `int()` ----

export function oracleReferenceGsm8k(whole: string, shots: number): OracleAnswer {
  const pieces = whole.toLowerCase().split('the answer is');
  const early = pieces.length > shots + 2;
  const piece = early ? pieces[shots + 1]! : pieces[pieces.length - 1]!;
  const squeezed = piece.split(',').join('').split(' ').join('');
  // Python's `\d` on str matches every Unicode decimal digit (category Nd), and int() accepts them all.
  const runs = squeezed.match(/\p{Nd}+/gu) ?? [];
  if (runs.length === 0) return { answer: null, fallback: true };
  return found(pythonInt(early ? runs[0]! : runs[runs.length - 1]!));
}

export function oracleReferenceCsqa(whole: string, shots: number): OracleAnswer {
  const letters = Array.from(whole.matchAll(/The answer is ([A-Z])/g), (match) => match[1]!);
  return letters.length >= shots + 1 ? found(letters[shots]!) : { answer: null, fallback: true };
}

/** `str(int(run))` for a run of Unicode decimal digits: ASCII digits, no leading zeros. */
export function pythonInt(run: string): string {
  const ascii = Array.from(run, (char) => String(digitValue(char.codePointAt(0)!))).join('');
  const trimmed = ascii.replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

/** Unicode puts every set of decimal digits 0–9 on consecutive code points, so count from the set's start. */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (isDecimalDigit(start - 1)) start -= 1;
  return (codePoint - start) % 10;
}

function isDecimalDigit(codePoint: number): boolean {
  return codePoint >= 0 && /^\p{Nd}$/u.test(String.fromCodePoint(codePoint));
}

// ---- the answer block ----

/**
 * The model's answer up to the first invented next question. PROTOCOL names `\nQ:`; the reference prompt
 * itself writes ` Q:` after a blank line, so a model copying it writes `\n Q:`: both end the answer.
 */
export function oracleAnswerBlock(answer: string): string {
  const next = /\n[ \t]*Q:/.exec(answer);
  return next === null ? answer : answer.slice(0, next.index);
}

// ---- numbers as strict and flexible read them ----

interface ReadNumber {
  value: string | null;
  end: number;
}

/**
 * A number starting exactly at `at`: an optional minus (`-` or `−`) before or after an optional `$`,
 * digits with optional whole thousands groups, an optional decimal part, then either a fraction of
 * whole numbers (`3/4`) or an exponent (`1e3`). A trailing period is not a decimal point (it needs a
 * digit after it); what follows the number (units, words) is ignored. A fraction over zero is read
 * as a number with no value, so that neither of its parts is taken for the answer.
 */
function readNumberAt(text: string, at: number): ReadNumber | null {
  const shape =
    /^(?:([-−])?\$([-−])?|([-−]))?(\d{1,3}(?:,\d{3})+(?!\d)|\d+)?(?:\.(\d+))?(?:\/(\d+)(?!\d|\.\d)|[eE]([-+]?\d{1,3})(?![\p{L}\p{N}_]|\.\d))?/u;
  const match = shape.exec(text.slice(at));
  if (match === null || (match[4] === undefined && match[5] === undefined)) return null;
  const [whole, sign1, sign2, sign3, integer = '', decimals = '', over, exponent] = match;
  const negative = sign1 !== undefined || sign2 !== undefined || sign3 !== undefined;
  const fraction = over !== undefined && decimals === '';
  const end = at + whole.length - (over !== undefined && !fraction ? over.length + 1 : 0);
  let numerator = BigInt(integer.split(',').join('') + decimals);
  let denominator = 10n ** BigInt(decimals.length);
  if (fraction) {
    if (BigInt(over) === 0n) return { value: null, end };
    denominator = BigInt(over);
  }
  if (exponent !== undefined) {
    const power = Number(exponent);
    if (power >= 0) numerator *= 10n ** BigInt(power);
    else denominator *= 10n ** BigInt(-power);
  }
  return { value: rationalText(negative ? -numerator : numerator, denominator), end };
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/** One spelling per value: the terminating decimal (`0.75`, `-3`, `18`), else the reduced fraction (`1/3`). */
export function rationalText(numerator: bigint, denominator: bigint): string {
  const sign = numerator < 0n ? '-' : '';
  const magnitude = numerator < 0n ? -numerator : numerator;
  if (magnitude === 0n) return '0';
  const divisor = gcd(magnitude, denominator);
  const top = magnitude / divisor;
  const bottom = denominator / divisor;
  // A fraction ends as a decimal exactly when its reduced denominator has no prime factors but 2 and 5.
  let rest = bottom;
  let twos = 0;
  let fives = 0;
  for (; rest % 2n === 0n; twos += 1) rest /= 2n;
  for (; rest % 5n === 0n; fives += 1) rest /= 5n;
  if (rest !== 1n) return `${sign}${top}/${bottom}`;
  const scale = Math.max(twos, fives);
  const digits = ((top * 10n ** BigInt(scale)) / bottom).toString().padStart(scale + 1, '0');
  const decimals = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${sign}${digits.slice(0, digits.length - scale)}${decimals === '' ? '' : `.${decimals}`}`;
}

/** `The answer is` in any case, with any white space between its words, not inside a longer word. */
const TRIGGER = /\bthe\s+answer\s+is/gi;

/** Where each `The answer is` leaves off, skipping white space, colons, markdown `*` and `$` after it. */
function afterTriggers(block: string, skip: RegExp): number[] {
  return Array.from(block.matchAll(TRIGGER), (match) => {
    const from = match.index + match[0].length;
    return from + skip.exec(block.slice(from))![0].length;
  });
}

function strictNumber(block: string): OracleAnswer {
  for (const at of afterTriggers(block, /^[\s:*]*(?:\$[\s*]*)?/)) {
    const number = readNumberAt(block, at);
    if (number !== null && number.value !== null) return found(number.value);
  }
  return none;
}

function lastNumber(block: string): OracleAnswer {
  let last: string | null = null;
  for (let at = 0; at < block.length; ) {
    // A number glued to a word or a decimal point is not one: `x2`, the 3 of `5-3` is 3, not -3.
    const number = at > 0 && /[A-Za-z0-9_.]/.test(block[at - 1]!) ? null : readNumberAt(block, at);
    if (number === null) {
      at += 1;
      continue;
    }
    if (number.value !== null) last = number.value;
    at = number.end;
  }
  return last === null ? none : found(last);
}

// ---- letters as strict and flexible read them ----

/**
 * After `The answer is`: `(B)` or `(b)`; a capital A–E standing alone (then punctuation, a line end,
 * or a parenthesis: `B.`, `B`, `B (bank)`); or a lower-case letter that ends a sentence or a line
 * (`b.`, `b\n`). `The answer is a bank` is the article, and `The answer is Bank` a word.
 */
function strictLetter(block: string): OracleAnswer {
  for (const at of afterTriggers(block, /^[\s:*]*/)) {
    const rest = block.slice(at);
    const letter =
      /^\(([A-Ea-e])\)/.exec(rest) ??
      /^([A-E])(?=$|[.,;:!?)*]|[ \t]*\r?\n|[ \t]*$|\s+\()/.exec(rest) ??
      /^([a-e])(?=[.!?](?:\s|$)|[)*]|[ \t]*\r?\n)/.exec(rest);
    if (letter !== null) return found(letter[1]!.toUpperCase());
  }
  return none;
}

function lastParenthesisedLetter(block: string): OracleAnswer {
  const letters = Array.from(block.matchAll(/\(([A-Ea-e])\)/g), (match) => match[1]!.toUpperCase());
  return letters.length === 0 ? none : found(letters[letters.length - 1]!);
}

// ---- correctness ----

/** Reference: Python `str(ans) == str(gold)` with both ints (GSM8K) or letters (CSQA). */
export function oracleReferenceCorrect(dataset: OracleDataset, answer: string, gold: string): boolean {
  if (dataset === 'csqa') return answer === gold;
  // The gold went through int(), which refuses decimals; the answer is never negative.
  const integer = /^(-?)(\d+)$/.exec(gold.split(',').join(''));
  return integer !== null && `${integer[1]}${pythonInt(integer[2]!)}` === answer;
}

/** Strict and flexible: numbers compared by value, letters by letter. */
export function oracleCorrect(dataset: OracleDataset, answer: string | null, gold: string): boolean {
  if (answer === null) return false;
  if (dataset === 'csqa') return answer === gold.toUpperCase();
  const read = readNumberAt(gold, 0);
  return read !== null && read.value === answer;
}
