// Whether each pass and cell fits its model's context: its longest prompt, the guidance it adds and the tokens it asks for (pure).
import type { Stated } from '../models/server-facts.js';
import { PROJECTION_INSTRUCTIONS } from '../prompts/build.js';
import type { DatasetName } from '../vocabulary.js';
import type { Plan } from './types.js';

/** The prompts a phase sends: one dataset's items under one exemplar text and instruction, to one model. */
export interface PromptFamily {
  model: string;
  dataset: DatasetName;
  promptSha256: string;
  instruction: string;
}

export const familyKey = (f: PromptFamily): string => `${f.model}|${f.dataset}|${f.promptSha256}|${f.instruction}`;

/** The longest prompt of a family, in the model's tokens: counted by its server, or estimated from characters. */
export interface PromptSize {
  tokens: number;
  /** Counted by the model's own tokenizer (its server's /tokenize); false: estimated at 4 characters a token. */
  counted: boolean;
  /** The fewest tokens an estimated prompt can hold (8 characters a token, more than any tokenizer packs). */
  least: number;
}

export const CHARS_PER_TOKEN = 4;
const MOST_CHARS_PER_TOKEN = 8;

export function estimatedSize(chars: number): PromptSize {
  return { tokens: Math.ceil(chars / CHARS_PER_TOKEN), counted: false, least: Math.ceil(chars / MOST_CHARS_PER_TOKEN) };
}

export function countedSize(tokens: number): PromptSize {
  return { tokens, counted: true, least: tokens };
}

/** One pass or cell: what it sends and how many tokens it asks to be written. */
export interface PhaseNeed {
  id: string;
  /** How the user knows it: `teacher llama2-13b gsm8k cutoff`, a cell's label and dataset. */
  what: string;
  family: PromptFamily;
  /** The guidance a student's prompt adds, in the teacher's tokens (about as many of the student's). */
  guidance: number;
  output: number;
}

/** Every pass and cell of the plan that `selected` keeps (those with work left, in the models this run drives). */
export function phaseNeeds(plan: Plan, selected: (id: string, model: string) => boolean): PhaseNeed[] {
  const needs: PhaseNeed[] = [];
  for (const pass of plan.passes) {
    if (!selected(pass.id, pass.model.name)) continue;
    needs.push({
      id: pass.id,
      what: `teacher pass ${pass.model.name} ${pass.dataset.name} ${pass.projection} (${pass.maxTokens} tokens)`,
      family: { model: pass.model.name, dataset: pass.dataset.name, promptSha256: pass.prompt.sha256, instruction: PROJECTION_INSTRUCTIONS[pass.projection] },
      guidance: 0,
      output: pass.maxTokens,
    });
  }
  for (const cell of plan.cells) {
    if (!selected(cell.id, cell.student.model.name)) continue;
    needs.push({
      id: cell.id,
      what: `cell ${cell.label} ${cell.dataset.name}`,
      family: { model: cell.student.model.name, dataset: cell.dataset.name, promptSha256: cell.prompt.sha256, instruction: '' },
      guidance: cell.teacher?.guidanceTokens ?? 0,
      output: cell.student.maxTokens,
    });
  }
  return needs;
}

export type FitVerdict = 'fits' | 'overflows' | 'may-overflow' | 'unknown';

export interface ContextFit {
  need: PhaseNeed;
  prompt: PromptSize;
  context: Stated | null;
  verdict: FitVerdict;
  /** Prompt + guidance + output, in tokens (estimated when the prompt was). */
  total: number;
}

/**
 * A counted prompt that does not fit overflows. An estimated one overflows when even at 8 characters a
 * token it would not fit, and may overflow when it would not at 4.
 */
export function judgeFit(need: PhaseNeed, prompt: PromptSize, context: Stated | null): ContextFit {
  const extra = need.guidance + need.output;
  const total = prompt.tokens + extra;
  if (context === null) return { need, prompt, context, verdict: 'unknown', total };
  const verdict = prompt.least + extra > context.value ? 'overflows' : total > context.value ? 'may-overflow' : 'fits';
  return { need, prompt, context, verdict, total };
}

/** One line saying why a pass or cell does not (or may not) fit. */
export function describeFit(fit: ContextFit): string {
  const { need, prompt, context } = fit;
  const promptText = prompt.counted ? `longest prompt ${prompt.tokens} tokens` : `longest prompt about ${prompt.tokens} tokens (estimated from its characters: the server counts none)`;
  const guidance = need.guidance > 0 ? ` + guidance ≈${need.guidance}` : '';
  const limit = context === null ? '' : `, ${fit.verdict === 'overflows' ? 'more' : 'perhaps more'} than ${need.family.model}'s context of ${context.value} (${context.source})`;
  return `${need.what}: ${promptText}${guidance} + output ${need.output} = ${fit.total}${limit}`;
}

/** The short form `gkt plan` shows in its table: `742/4096`, with a mark when it does not fit. */
export function fitCell(fit: ContextFit | undefined): string {
  if (fit === undefined) return '';
  const total = `${fit.prompt.counted ? '' : '~'}${fit.total}`;
  if (fit.context === null) return `${total}/?`;
  const mark = fit.verdict === 'overflows' ? ' ✗' : fit.verdict === 'may-overflow' ? ' ?' : '';
  return `${total}/${fit.context.value}${mark}`;
}
