// One request of a method cell: a model writes on from the answer so far, in its own prompt format, raw or chat.
import type { Item } from '../../datasets/types.js';
import type { GenerateRequest, Generation, ModelApi } from '../../models/types.js';
import type { Sampling } from '../../vocabulary.js';
import type { Cell } from '../../plan/types.js';
import { buildPrompt, renderQuestion, type PromptTemplate } from '../../prompts/index.js';
import { sha256 } from '../../util/hash.js';
import { deriveSeed } from '../../util/rng.js';
import { conversationFor, isChat, turnInput, type ModelFormatting } from '../formatting.js';
import type { PhaseContext } from '../phase.js';

/** One of a method cell's two models, as its requests need it. */
export interface Writer {
  role: 'teacher' | 'student';
  api: ModelApi;
  formatting: ModelFormatting;
  sampling: Sampling;
  stream: boolean;
  /** Whether its server reports token boundaries (and their log-probabilities). */
  boundaries: boolean;
}

/** The item a method cell answers, and what every one of its requests shares. */
export interface MethodItem {
  cell: Cell;
  template: PromptTemplate;
  item: Item;
  /** The question as shown to the models. */
  question: string;
  context: PhaseContext;
}

export interface WriteSettings {
  maxTokens: number;
  stop: string[];
  /** Names the request among the item's others (its seed is derived from them). */
  seedParts: ReadonlyArray<string | number>;
  /** Token boundaries and log-probabilities asked for. */
  wantTokens: boolean;
  sample?: number;
}

export interface Written {
  generation: Generation;
  /** sha256 of the prompt as sent (a chat request's: its conversation). */
  promptSha256: string;
}

/**
 * The request that has `writer` write on from `answer`: a base model gets the prompt it answers alone and
 * the answer so far after it, byte for byte; a chat model its conversation with the answer so far as the
 * start of its own assistant turn. Only text passes between the two models, so their tokenizers may differ.
 */
export function writeRequest(writer: Writer, on: MethodItem, answer: string, settings: WriteSettings): GenerateRequest {
  const base = {
    maxTokens: settings.maxTokens,
    sampling: writer.sampling,
    seed: deriveSeed(on.cell.seed, on.item.id, ...settings.seedParts),
    stop: settings.stop,
    wantTokens: settings.wantTokens,
    stream: writer.stream,
    cacheScope: on.cell.id,
    ...(settings.sample !== undefined ? { sample: settings.sample } : {}),
  };
  const f = writer.formatting;
  if (!isChat(f)) return { ...base, prompt: buildPrompt(on.template, on.question, {}) + answer };
  const { inside: _inside, ...input } = turnInput(f, conversationFor(f, on.template, on.question, ''), answer);
  return { ...base, ...input };
}

export async function writeOn(writer: Writer, on: MethodItem, answer: string, settings: WriteSettings): Promise<Written> {
  const request = writeRequest(writer, on, answer, settings);
  const generation = await writer.api.generate(request, on.context.requestSignal);
  return { generation, promptSha256: sha256(request.prompt) };
}

/** The question of an item as its template renders it. */
export function methodQuestion(item: Item, template: PromptTemplate): string {
  return renderQuestion(item, template.format);
}
