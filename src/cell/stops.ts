// Stop sequences per mode: none when faithful (the reference code set none), the next question when practical.
import type { Mode } from '../vocabulary.js';

/**
 * The next question. The reference prompt frames the test question as `\n\n Q:` (a space before Q),
 * so a model imitating it writes `\n Q:`; both are stops.
 */
export const PRACTICAL_STOPS = ['\nQ:', '\n Q:'];

export function stopSequences(mode: Mode): string[] {
  return mode === 'practical' ? [...PRACTICAL_STOPS] : [];
}
