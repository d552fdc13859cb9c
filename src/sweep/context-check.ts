// Before the first request: each phase's longest prompt measured with its model's tokenizer and checked against its context.
import { ItemReader } from '../datasets/scan.js';
import type { Stated } from '../models/server-facts.js';
import type { PromptCounter } from '../models/truncation.js';
import { countedSize, describeFit, estimatedSize, familyKey, judgeFit, type ContextFit, type PhaseNeed, type PromptFamily, type PromptSize } from '../plan/context-fit.js';
import { buildPrompt, renderQuestion } from '../prompts/index.js';
import { UsageError } from '../util/errors.js';
import type { PreparedSweep } from './prepare.js';

/** The longest prompts by characters are counted; one of them is the longest in tokens unless a tokenizer is very uneven. */
const COUNTED_PER_FAMILY = 3;

/** Per model: the context its requests must fit, and how to count its tokens (null: no tokenizer to ask). */
export interface ModelContext {
  context: Stated | null;
  counter: PromptCounter | null;
}

/** The family's `n` longest prompts, longest first, its items read one at a time (only those n are kept). */
async function longestPrompts(prepared: PreparedSweep, family: PromptFamily, n: number): Promise<string[]> {
  const template = prepared.templates.get(family.promptSha256);
  const data = prepared.datasets[family.dataset];
  if (template === undefined || data === undefined || data.items.length === 0) return [];
  const longest: string[] = [];
  const reader = new ItemReader(family.dataset, data.loaded.path);
  try {
    for (const ref of data.items) {
      const question = renderQuestion(await reader.read(ref), template.format);
      if (longest.length === n && question.length <= longest[n - 1]!.length) continue;
      longest.push(question);
      longest.sort((a, b) => b.length - a.length);
      longest.length = Math.min(longest.length, n);
    }
  } finally {
    await reader.close();
  }
  return longest.map((question) => buildPrompt(template, question, { instruction: family.instruction }));
}

async function measure(prompts: readonly string[], counter: PromptCounter | null, signal: AbortSignal): Promise<PromptSize | null> {
  if (prompts.length === 0) return null;
  if (counter !== null) {
    let most = 0;
    for (const prompt of prompts) {
      const tokens = await counter(prompt, signal).catch(() => null);
      if (tokens === null) break;
      most = Math.max(most, tokens);
    }
    if (most > 0) return countedSize(most);
  }
  return estimatedSize(prompts[0]!.length);
}

/** Measures each family once, then judges every need. */
export async function contextFits(
  prepared: PreparedSweep,
  needs: readonly PhaseNeed[],
  contexts: ReadonlyMap<string, ModelContext>,
  signal: AbortSignal,
): Promise<ContextFit[]> {
  const sizes = new Map<string, PromptSize | null>();
  const fits: ContextFit[] = [];
  for (const need of needs) {
    const key = familyKey(need.family);
    const model = contexts.get(need.family.model);
    if (!sizes.has(key)) sizes.set(key, await measure(await longestPrompts(prepared, need.family, COUNTED_PER_FAMILY), model?.counter ?? null, signal));
    const size = sizes.get(key);
    if (size === null || size === undefined) continue;
    fits.push(judgeFit(need, size, model?.context ?? null));
  }
  return fits;
}

/** Refuses, before any request, a run with a pass or cell that cannot fit; says which may not. */
export function refuseOverflows(fits: readonly ContextFit[], log: (line: string) => void): void {
  for (const fit of fits) if (fit.verdict === 'may-overflow') log(`warning: ${describeFit(fit)}`);
  const overflowing = fits.filter((fit) => fit.verdict === 'overflows');
  if (overflowing.length === 0) return;
  const lines = overflowing.map(describeFit);
  const message = lines.length === 1 ? lines[0]! : `${lines.length} phases cannot fit their model's context:\n  ${lines.join('\n  ')}`;
  throw new UsageError(message, {
    hint:
      'nothing was sent: lower the output lengths or shots, or give the server a larger context ' +
      '(llama.cpp splits -c among its -np slots; vLLM --max-model-len), and set contextLength to match',
  });
}
