// A prompt file → its exemplar blocks, split so that joining them gives the file back byte for byte.
import { UsageError } from '../util/errors.js';

// A block ends with the blank line before the next `Q:`; a CRLF file splits the same way.
const BLOCK_START = /(?<=\n\r?\n)(?=Q:)/;
const ANSWER_LINE = /\nA:/;
const ANSWER_IS = /the answer is/i;
const ENDS_BLANK = /\n\r?\n$/;

/**
 * Every block must read `Q: …`, then a line starting `A:` with `The answer is` (any case) in it,
 * then a blank line, so that k-shot prefixes and the test question are framed alike for every k.
 * A refusal names the file and the line the block starts on.
 */
export function splitExemplars(text: string, file: string): string[] {
  if (!text.startsWith('Q:')) {
    throw new UsageError(text.includes('Q:') ? `${file}:1: block 1 does not start with "Q:"` : `${file}: no "Q:" exemplar blocks`);
  }
  const blocks = text.split(BLOCK_START);
  let line = 1;
  blocks.forEach((block, i) => {
    // `file:line:` points an editor at the first line of the block.
    const where = `${file}:${line}: block ${i + 1}`;
    line += block.split('\n').length - 1;
    if (!ANSWER_LINE.test(block)) throw new UsageError(`${where} has no "A:" line`);
    if (!ANSWER_IS.test(block)) throw new UsageError(`${where} has no "The answer is"`);
    if (!ENDS_BLANK.test(block)) throw new UsageError(`${where} does not end with a blank line`);
  });
  return blocks;
}
