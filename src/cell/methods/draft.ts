// A hand-off answer as it is written: its segments, the tokens generated, and the mode's stops looked for across segments.
import type { AnswerSegment, HandoffTrace } from '../../results/method-records.js';
import { tally } from './segment.js';
import type { Written } from './writer.js';

export interface DraftOutcome {
  answer: string;
  trace: HandoffTrace;
  /** sha256 of the first request's prompt (the item's prompt, the answer still empty). */
  promptSha256: string;
}

export class Draft {
  readonly segments: AnswerSegment[] = [];
  /** Each segment's token ends in its own text, where the server reported them. */
  private readonly ends: Array<number[] | null> = [];
  answer = '';
  generated = 0;
  /** Turns in a row that added nothing. */
  empty = 0;
  promptSha256 = '';

  add(segment: AnswerSegment, written: Written): void {
    if (this.segments.length === 0) this.promptSha256 = written.promptSha256;
    this.segments.push(segment);
    const ends = written.generation.tokens?.map((t) => t.end) ?? null;
    this.ends.push(ends === null ? null : ends.slice(0, segment.tokens));
    this.answer += segment.text;
    this.generated += segment.generated;
    this.empty = segment.text === '' ? this.empty + 1 : 0;
  }

  get handoffs(): number {
    return tally(this.segments).handoffs;
  }

  /**
   * Cuts the answer where one of `stops` begins, when the last segment completed it. Each request sees only
   * its own text, so a stop that begins in one model's segment and ends in the other's (the teacher writes
   * `\n`, the student `Q:`) is found here, as a server finds one in its own text: the answer ends before it.
   * Segments past the cut keep their requests and generated tokens, with nothing of theirs kept.
   */
  cutAtStop(stops: readonly string[]): boolean {
    const last = this.segments.at(-1);
    if (stops.length === 0 || last === undefined) return false;
    const longest = Math.max(...stops.map((s) => s.length));
    const from = Math.max(0, this.answer.length - last.text.length - longest + 1);
    let at = -1;
    for (const stop of stops) {
      const found = stop === '' ? -1 : this.answer.indexOf(stop, from);
      if (found !== -1 && (at === -1 || found < at)) at = found;
    }
    if (at === -1) return false;
    let offset = 0;
    this.segments.forEach((segment, i) => {
      const keep = Math.max(0, Math.min(segment.text.length, at - offset));
      offset += segment.text.length;
      if (keep === segment.text.length) return;
      const ends = this.ends[i] ?? null;
      // A token counts while part of it is kept; without boundaries the usage count stands.
      const tokens = ends === null ? (keep === 0 ? 0 : segment.tokens) : ends.filter((end, j) => (j === 0 ? 0 : ends[j - 1]!) < keep).length;
      this.segments[i] = { ...segment, text: segment.text.slice(0, keep), tokens, counted: ends === null && keep > 0 ? 'usage' : segment.counted, end: 'stop' };
    });
    this.answer = this.answer.slice(0, at);
    return true;
  }

  /**
   * The tokens the last writer has written past the last step end in its own run of segments (a step end
   * it wrote itself, or one it began its run with); null when its run holds no step end, or when its server
   * gave no token boundaries to count by.
   */
  tokensSinceStepEnd(stepEnds: readonly string[]): number | null {
    const last = this.segments.at(-1);
    if (last === undefined) return null;
    let first = this.segments.length - 1;
    while (first > 0 && this.segments[first - 1]!.role === last.role) first -= 1;
    const runStart = this.answer.length - this.segments.slice(first).reduce((n, s) => n + s.text.length, 0);
    const run = this.answer.slice(runStart);
    // A run that ends with a step end but its white space (`.` of `. `) has ended its step too, as far as it can tell.
    const stepEnd = Math.max(...stepEnds.map((end) => {
      const head = end.trimEnd();
      if (head !== '' && run.endsWith(head)) return run.length;
      const at = run.lastIndexOf(end);
      return at === -1 ? -1 : at + end.length;
    }));
    if (stepEnd <= 0) return null;
    let count = 0;
    let offset = 0;
    for (let i = first; i < this.segments.length; i++) {
      const ends = this.ends[i];
      if (ends === null || ends === undefined) return null;
      // A token that reaches past the step end is the new step's (its leading space included).
      for (const end of ends) if (offset + end > stepEnd) count += 1;
      offset += this.segments[i]!.text.length;
    }
    return count;
  }

  done(ended: HandoffTrace['ended']): DraftOutcome {
    return { answer: this.answer, trace: { kind: 'handoff', segments: this.segments, ...tally(this.segments), ended }, promptSha256: this.promptSha256 };
  }
}
