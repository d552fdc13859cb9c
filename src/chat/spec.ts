// A chat model's formatting with every default filled in: what the planner records and the cells render with.
import type { FewShotLayout } from './conversation.js';
import type { Prefill } from './open-turn.js';
import type { ThinkingMarkers } from './thinking.js';

export const BOS_POLICIES = ['auto', 'keep', 'strip'] as const;
export type BosPolicy = (typeof BOS_POLICIES)[number];

export interface ThinkingSpec extends ThinkingMarkers {
  /** Where a teacher's guidance is taken from. */
  guidance: 'thinking' | 'answer';
  /** Most thinking tokens per request, or null for no limit. */
  budget: number | null;
}

export interface ChatFormat {
  /** gkt renders the template and sends text to the completions API; or the server renders its own (chat API). */
  render: 'gkt' | 'server';
  /** With render gkt: an absolute file or folder path, or `server` for the template the server reports. */
  template: string | null;
  templateName: string | null;
  system: string | null;
  fewShot: FewShotLayout;
  prefill: Prefill;
  bos: BosPolicy;
  variables: Record<string, unknown>;
  date: string;
  thinking: ThinkingSpec | null;
}

/** Llama 3.1's own fallback date, for templates that print one. */
export const DEFAULT_TEMPLATE_DATE = '2024-07-26';
