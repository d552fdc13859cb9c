// The teacher phase: every item's prompt (with the projection's instruction) to the teacher, N tokens each.
import type { Item } from '../datasets/types.js';
import type { ModelApi, GenerateRequest } from '../models/types.js';
import type { TeacherPass } from '../plan/types.js';
import { PROJECTION_INSTRUCTIONS, buildPrompt, renderQuestion, type PromptTemplate } from '../prompts/index.js';
import type { TeacherRecord } from '../results/records.js';
import { RequestError } from '../models/request-error.js';
import { sha256 } from '../util/hash.js';
import { deriveSeed } from '../util/rng.js';
import type { Job, PhaseContext } from './phase.js';
import { isAbort, toRecordedError } from './recorded-error.js';
import { answeredFields } from './answered.js';
import { stopSequences } from './stops.js';

export interface TeacherJobDeps {
  pass: TeacherPass;
  template: PromptTemplate;
  api: ModelApi;
  stream: boolean;
  context: PhaseContext;
}

export function teacherRequest(pass: TeacherPass, template: PromptTemplate, item: Item, stream: boolean): GenerateRequest {
  const prompt = buildPrompt(template, renderQuestion(item, template.format), {
    instruction: PROJECTION_INSTRUCTIONS[pass.projection],
  });
  const cut = pass.boundaries === 'tokens';
  return {
    prompt,
    maxTokens: pass.maxTokens,
    sampling: pass.sampling,
    seed: deriveSeed(pass.seed, item.id, 'teacher'),
    stop: stopSequences(pass.mode),
    wantTokens: cut,
    // Cutting one pass into several lengths times each length by its k-th token's arrival.
    stream: cut || stream,
    cacheScope: pass.id,
  };
}

export function teacherJob(item: Item, deps: TeacherJobDeps): Job {
  return async (batch) => {
    const { pass, context } = deps;
    const request = teacherRequest(pass, deps.template, item, deps.stream);
    const base = {
      type: 'teacher' as const,
      pass: pass.id,
      item: item.id,
      index: item.index,
      promptSha256: sha256(request.prompt),
      batch: batch ? { index: batch.index, start: batch.start } : null,
    };
    try {
      const generation = await deps.api.generate(request, context.requestSignal);
      if (pass.boundaries === 'tokens' && generation.tokens === null) {
        // Recorded as a failed item: if every answer lacks them, the error budget stops the pass with this message.
        throw new RequestError({
          kind: 'malformed',
          target: `teacher "${pass.model.name}"`,
          reason: 'answered without token boundaries (logprobs) that line up with its text, so the answer cannot be cut into guidance lengths; run with --separate-teacher-passes',
        });
      }
      const record: TeacherRecord = {
        ...base,
        ...answeredFields(generation, context.session),
        tokens: generation.tokens ? { end: generation.tokens.map((t) => t.end), at: generation.tokens.map((t) => t.at) } : null,
        error: null,
      };
      return { record, requestError: null, requested: !generation.cached, outputTokens: generation.completionTokens ?? 0 };
    } catch (error) {
      if (isAbort(error, context)) return null;
      const recorded = toRecordedError(error, context.secrets);
      const record: TeacherRecord = {
        ...base,
        text: null,
        tokens: null,
        promptTokens: null,
        completionTokens: null,
        finishReason: null,
        model: null,
        timing: null,
        attempts: recorded.attempts,
        cached: false,
        error: recorded,
      };
      return { record, requestError: recorded.message, requested: true, outputTokens: 0 };
    }
  };
}
