// The boxed rule: the last `\boxed{…}` in the answer block, braces nested to any depth, read as a number or a choice.
import { answerBlock } from './answer-block.js';
import { NUMBER_SOURCE, normaliseNumber } from './numbers.js';
import type { ExtractInput, Extraction } from './types.js';

/** `\boxed{…}` and `\fbox{…}` (MATH-style answers), and the brace-less `\boxed 5`. */
const BOX_START = /\\(?:boxed|fbox)\s*\{|\\boxed (?=\S)/g;

export interface Box {
  /** What the box holds, between its braces. */
  content: string;
  /** The whole `\boxed{…}` text. */
  matched: string;
}

/** The box's content up to the brace that closes it; null when the text ends first (a box cut off mid-way). */
function closeBrace(text: string, from: number): number | null {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    // An escaped brace (`\{`) is a printed brace, not a group.
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return null;
}

/** Every complete box in `text`, in order. A brace-less `\boxed 5` holds the word after it. */
export function findBoxes(text: string): Box[] {
  const boxes: Box[] = [];
  for (const start of text.matchAll(BOX_START)) {
    const from = start.index + start[0].length;
    if (start[0].endsWith('{')) {
      const close = closeBrace(text, from);
      if (close !== null) boxes.push({ content: text.slice(from, close), matched: text.slice(start.index, close + 1) });
    } else {
      const word = /^[^\s$]+/.exec(text.slice(from))?.[0] ?? '';
      boxes.push({ content: word, matched: text.slice(start.index, from + word.length) });
    }
  }
  return boxes;
}

/** LaTeX that wraps or spaces a number (`\text{ dollars}`, `\$`, `1\,000`, `\dfrac{3}{4}`) taken down to plain text. */
export function plainLatex(content: string): string {
  let text = content;
  // Innermost first, so `\frac{\text{3}}{4}` unwraps in two rounds.
  for (let round = 0; round < 8; round++) {
    const before = text;
    text = text
      .replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '$1/$2')
      .replace(/\\(?:text|textbf|mathrm|mathbf|textrm|mbox|emph)\s*\{([^{}]*)\}/g, '$1');
    if (text === before) break;
  }
  return text
    .replace(/\\\$/g, '$')
    .replace(/\\%/g, '')
    .replace(/\^\s*\{?\\circ\}?/g, '')
    .replace(/\\[,!;: ]/g, '')
    .replace(/\\(?:left|right)\b/g, '');
}

const NUMBER = new RegExp(`(?<![\\w.])${NUMBER_SOURCE}`, 'g');
const CHOICE = /^\s*\(?([A-Ea-e])\)?\s*(?:[.:]|$)/;

/** GSM8K: the last number in the box (`x = 18` reads 18); CSQA: a lone letter, `(B)` or `B`. */
function readBox(dataset: ExtractInput['dataset'], content: string): string | null {
  const plain = plainLatex(content);
  if (dataset === 'csqa') return CHOICE.exec(plain)?.[1]?.toUpperCase() ?? null;
  let last: string | null = null;
  for (const match of plain.matchAll(NUMBER)) last = normaliseNumber(match[0]) ?? last;
  return last;
}

/** The last box in the answer block; when it holds no answer there is none, and `matched` shows that box. */
export function boxed(input: ExtractInput): Extraction {
  const box = findBoxes(answerBlock(input.answer)).at(-1);
  if (box === undefined) return { rule: 'boxed', answer: null, fired: 'none', matched: null, fallback: false };
  const answer = readBox(input.dataset, box.content);
  return { rule: 'boxed', answer, fired: answer === null ? 'none' : 'boxed', matched: box.matched, fallback: false };
}
