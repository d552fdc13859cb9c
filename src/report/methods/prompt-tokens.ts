// The prompt tokens an item of a method cell paid for: every request it made, of either model, not only its first.
import type { MethodTrace, RequestFacts } from '../../results/method-records.js';

function summed(facts: readonly (RequestFacts | null)[]): number | null {
  const counted = facts.filter((f): f is RequestFacts => f !== null && f.promptTokens !== null);
  return counted.length === 0 ? null : counted.reduce((sum, f) => sum + f.promptTokens!, 0);
}

/**
 * A hand-off answer's segments' prompts, or a cascade's samples' and its teacher's, summed (null when no
 * request reported its count). A router's item keeps the prompt of the record it chose: `recorded`.
 */
export function methodPromptTokens(trace: MethodTrace, recorded: number | null): number | null {
  switch (trace.kind) {
    case 'handoff':
      return summed(trace.segments);
    case 'cascade':
      return summed([...trace.samples.map((sample) => sample.facts), trace.teacher]);
    case 'route':
      return recorded;
  }
}
