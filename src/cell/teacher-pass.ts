// The teacher pass: every item's prompt (with the projection's instruction) to the teacher, N tokens each.
import type { Item } from '../datasets/types.js';
import type { GenerateRequest, Generation, ModelApi, TokenSpan } from '../models/types.js';
import { turnText } from '../chat/thinking.js';
import { continueTurn } from './assistant-turn.js';
import { conversationFor, isChat, opensThinking, type ModelFormatting } from './formatting.js';
import type { TeacherPass } from '../plan/types.js';
import { PROJECTION_INSTRUCTIONS, buildPrompt, renderQuestion, type PromptTemplate } from '../prompts/index.js';
import type { TeacherRecord, ThinkingRecord } from '../results/records.js';
import { RequestError } from '../models/request-error.js';
import { sha256 } from '../util/hash.js';
import { deriveSeed } from '../util/rng.js';
import type { Job, PhaseContext } from './phase.js';
import { isAbort, toRecordedError } from './recorded-error.js';
import { answeredFields, type AnsweredFields } from './answered.js';
import { stopSequences } from './stops.js';

export interface TeacherJobDeps {
  pass: TeacherPass;
  template: PromptTemplate;
  api: ModelApi;
  stream: boolean;
  context: PhaseContext;
  formatting: ModelFormatting;
}

/** The request's settings; a base model's prompt is the text, a chat model's is made by its turn (see teacherReply). */
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
    promptTemplate: template.sha256,
  };
}

/** What a teacher wrote, read for its guidance: the segment the guidance is cut from and its token boundaries there. */
interface TeacherReply {
  generation: Generation;
  promptSha256: string;
  /** The answer (a chat teacher's part after its thinking). */
  text: string;
  thinking?: ThinkingRecord | null;
  tokens: TokenSpan[] | null;
}

/**
 * A chat teacher answers the question's conversation in its own assistant turn. Guidance from its thinking
 * opens the segment (unless its template did), so its first N tokens are thinking; guidance from its answer
 * needs it to think first, within its budget, then write N tokens of answer.
 */
async function teacherReply(request: GenerateRequest, f: ModelFormatting, deps: TeacherJobDeps, item: Item): Promise<TeacherReply> {
  const { api, context } = deps;
  if (!isChat(f)) {
    const generation = await api.generate(request, context.requestSignal);
    return { generation, promptSha256: sha256(request.prompt), text: generation.text, tokens: generation.tokens };
  }
  const messages = conversationFor(f, deps.template, renderQuestion(item, deps.template.format), PROJECTION_INSTRUCTIONS[deps.pass.projection]);
  const thinking = f.chat.thinking;
  const fromThinking = thinking !== null && thinking.guidance === 'thinking';
  const turn = fromThinking ? turnText(thinking, opensThinking(f, messages), 'thinking', '') : '';
  const { prompt: _prompt, ...settings } = request;
  const maxTokens = thinking !== null && !fromThinking ? request.maxTokens + (thinking.budget ?? 0) : request.maxTokens;
  const result = await continueTurn(api, f, messages, turn, { ...settings, maxTokens }, context.requestSignal);
  const segment = fromThinking && result.split.thinkingAt !== null
    ? { start: result.split.thinkingAt.start, end: result.split.thinkingAt.end }
    : { start: result.split.answerAt, end: result.turnLength + result.text.length };
  return {
    generation: result,
    promptSha256: sha256(result.prompt),
    text: result.split.answer,
    ...(thinking !== null ? { thinking: result.thinking } : {}),
    tokens: result.tokens === null ? null : segmentTokens(result.tokens, segment.start - result.turnLength, segment.end - result.turnLength),
  };
}

/** Token boundaries of one segment of a reply, counted from the segment's start; tokens before it are not its own. */
function segmentTokens(tokens: readonly TokenSpan[], start: number, end: number): TokenSpan[] {
  return tokens.filter((t) => t.end > start && t.end <= end).map((t) => ({ ...t, end: t.end - start }));
}

/** Token boundaries as recorded: ends and arrivals, and the indices of any whose end is not exact. */
function tokenRecord(spans: readonly TokenSpan[]): NonNullable<TeacherRecord['tokens']> {
  const inexact = spans.flatMap((t, i) => (t.exact === false ? [i] : []));
  return { end: spans.map((t) => t.end), at: spans.map((t) => t.at), ...(inexact.length > 0 ? { inexact } : {}) };
}

export function teacherJob(item: Item, deps: TeacherJobDeps): Job<TeacherRecord> {
  return async (batch) => {
    const { pass, context } = deps;
    const request = teacherRequest(pass, deps.template, item, deps.stream);
    // A chat teacher's prompt is the conversation rendered for it: known once it is answered.
    let promptSha256 = sha256(request.prompt);
    const batchOf = batch ? { index: batch.index, start: batch.start } : null;
    // Field by field in the order records are written: a pass makes one per item, and spread copies cost the collector more.
    const teacherRecord = (answered: { fields: AnsweredFields; reply: TeacherReply } | null, error: TeacherRecord['error']): TeacherRecord => {
      const fields = answered?.fields;
      const reply = answered?.reply;
      return {
        type: 'teacher',
        pass: pass.id,
        item: item.id,
        index: item.index,
        promptSha256,
        batch: batchOf,
        text: reply?.text ?? null,
        ...(reply?.thinking !== undefined ? { thinking: reply.thinking } : {}),
        promptTokens: fields?.promptTokens ?? null,
        completionTokens: fields?.completionTokens ?? null,
        finishReason: fields?.finishReason ?? null,
        responseModel: fields?.responseModel ?? null,
        timing: fields?.timing ?? null,
        attempts: fields?.attempts ?? error?.attempts ?? 1,
        cached: fields?.cached ?? false,
        tokens: reply?.tokens ? tokenRecord(reply.tokens) : null,
        error,
      };
    };
    try {
      const reply = await teacherReply(request, deps.formatting, deps, item);
      const generation = reply.generation;
      promptSha256 = reply.promptSha256;
      if (pass.boundaries === 'tokens' && reply.tokens === null) {
        // Recorded as a failed item: if every answer lacks them, the error budget stops the pass with this message.
        throw new RequestError({
          kind: 'malformed',
          target: `teacher "${pass.model.name}"`,
          reason: 'answered without token boundaries (logprobs) that line up with its text, so the answer cannot be cut into guidance lengths; run with --separate-teacher-passes',
        });
      }
      const record = teacherRecord({ fields: answeredFields(generation, context.session), reply }, null);
      return { record, requestError: null, requested: !generation.cached, completionTokens: generation.completionTokens ?? 0 };
    } catch (error) {
      if (isAbort(error, context)) return null;
      const recorded = toRecordedError(error, context.secrets);
      const record = teacherRecord(null, recorded);
      return { record, requestError: recorded.message, requested: true, completionTokens: 0 };
    }
  };
}
