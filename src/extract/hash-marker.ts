// The `####` rule: GSM8K's own answer marker (`#### 72`, as its solutions end), the first one in the answer block.
import { answerBlock } from './answer-block.js';
import { NUMBER_SOURCE, normaliseNumber } from './numbers.js';
import type { ExtractInput, Extraction } from './types.js';

const MARKER = /####/g;
/** After the marker: spaces, `:`, bold, `$`, then the number; units after it are ignored, as in strict. */
const NUMBER_AFTER = new RegExp(`[ \\t:*$]*(${NUMBER_SOURCE})`, 'y');
/** After the marker: a choice letter standing alone (`#### B`, `#### (b)`). */
const CHOICE_AFTER = /[ \t:*]*(?:\(([A-Ea-e])\)|([A-Ea-e])(?![\w]))/y;

/** A marker with no answer right after it (a markdown heading such as `#### Step 1`) is skipped. */
export function hashMarker(input: ExtractInput): Extraction {
  const block = answerBlock(input.answer);
  const after = input.dataset === 'gsm8k' ? NUMBER_AFTER : CHOICE_AFTER;
  for (const marker of block.matchAll(MARKER)) {
    // A fifth `#` makes it another marker, not GSM8K's.
    if (block[marker.index + 4] === '#' || block[marker.index - 1] === '#') continue;
    after.lastIndex = marker.index + 4;
    const found = after.exec(block);
    if (found === null) continue;
    const answer = input.dataset === 'gsm8k' ? normaliseNumber(found[1] ?? '') : (found[1] ?? found[2] ?? '').toUpperCase() || null;
    if (answer === null) continue;
    return { rule: '####', answer, fired: 'marker', matched: block.slice(marker.index, after.lastIndex), fallback: false };
  }
  return { rule: '####', answer: null, fired: 'none', matched: null, fallback: false };
}
