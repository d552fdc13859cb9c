// What every record of an answered request keeps of it: text, server-reported counts, timing, attempts.
import type { Generation } from '../models/types.js';
import type { RequestFacts } from '../results/method-records.js';

export interface AnsweredFields extends RequestFacts {
  text: string;
}

/** Times are the session's monotonic clock, as the phase's segment lines are. */
export function answeredFields(generation: Generation, session: string): AnsweredFields {
  return {
    text: generation.text,
    promptTokens: generation.promptTokens,
    completionTokens: generation.completionTokens,
    finishReason: generation.finishReason,
    responseModel: generation.responseModel,
    timing: { session, start: generation.start, end: generation.end, firstToken: generation.firstTokenAt },
    attempts: generation.attempts,
    cached: generation.cached,
  };
}
