// `gkt extract`: read one completion on stdin and show what each extraction rule finds in it, and why.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { normaliseNumber } from '../extract/numbers.js';
import { extractAll } from '../extract/index.js';
import { scoreAll } from '../score/score.js';
import { GktError, UsageError } from '../util/errors.js';
import { packageRoot } from '../util/package-info.js';
import { RULE_NAMES } from '../extract/types.js';
import type { CommandContext } from './context.js';
import type { DatasetName } from '../datasets/types.js';
import type { ExtractInput, Extraction, RuleName, ScoredExtraction } from '../extract/types.js';

export interface ExtractOptions {
  dataset: DatasetName;
  shots?: number;
  prompt?: string;
  gold?: string;
  seed?: number;
  json?: boolean;
}

/** The paper's exemplar counts (Manual-CoT): 8 for GSM8K, 7 for CSQA. */
const DEFAULT_SHOTS: Record<DatasetName, number> = { gsm8k: 8, csqa: 7 };

/** What the reference code puts between the exemplars and the answer, with the test question left empty. */
const EMPTY_QUESTION = ' Q: \nA: ';

interface PromptSource {
  kind: 'file' | 'assumed';
  path: string;
  text: string;
}

export async function extractCommand(options: ExtractOptions, context: CommandContext): Promise<void> {
  const dataset = options.dataset;
  const shots = options.shots ?? DEFAULT_SHOTS[dataset];
  const seed = options.seed ?? 0;
  const gold = options.gold === undefined ? null : checkGold(dataset, options.gold);
  const prompt = options.prompt === undefined
    ? await assumedPrompt(dataset, shots)
    : await promptFile(resolve(context.cwd, options.prompt), options.prompt);
  const answer = await readCompletion(context.stdin);
  const input: ExtractInput = { dataset, prompt: prompt.text, answer, shots, fallbackSeed: seed };
  const results: Record<RuleName, Extraction | ScoredExtraction> = gold === null ? extractAll(input) : scoreAll(input, gold);
  const view: ExtractView = { dataset, shots, seed, prompt: { kind: prompt.kind, path: prompt.path }, gold, rules: results };
  context.stdout.write(options.json === true ? `${JSON.stringify(view)}\n` : renderText(view));
}

interface ExtractView {
  dataset: DatasetName;
  shots: number;
  seed: number;
  prompt: { kind: PromptSource['kind']; path: string };
  gold: string | null;
  rules: Record<RuleName, Extraction | ScoredExtraction>;
}

function checkGold(dataset: DatasetName, gold: string): string {
  if (dataset === 'gsm8k') {
    const value = normaliseNumber(gold);
    if (value === null) throw new UsageError(`--gold "${gold}": a gsm8k gold answer must be a number`);
    return value;
  }
  const letter = gold.trim().toUpperCase();
  if (!/^[A-E]$/.test(letter)) throw new UsageError(`--gold "${gold}": a csqa gold answer must be one of the letters A–E`);
  return letter;
}

/** The first `shots` exemplars of the reference prompt, then an empty test question: what the reference rule needs. */
async function assumedPrompt(dataset: DatasetName, shots: number): Promise<PromptSource> {
  const path = join(packageRoot, 'prompts', `${dataset}.reference.txt`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new GktError(`${path}: cannot read the reference exemplars (${code})`, { cause: error, hint: 'pass --prompt <file> instead' });
  }
  const exemplars = firstExemplars(text, shots);
  if (exemplars === null) {
    throw new UsageError(`--shots ${shots}: ${path} holds only ${exemplarBlocks(text).length} exemplars`);
  }
  return { kind: 'assumed', path, text: exemplars + EMPTY_QUESTION };
}

/** Exemplar blocks, each ending with the blank line that separates it from the next. */
function exemplarBlocks(text: string): string[] {
  return text.split(/(?<=\n\n)/).filter((block) => block.trim() !== '');
}

function firstExemplars(text: string, shots: number): string | null {
  const blocks = exemplarBlocks(text);
  return shots > blocks.length ? null : blocks.slice(0, shots).join('');
}

async function promptFile(path: string, given: string): Promise<PromptSource> {
  try {
    return { kind: 'file', path, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${given}: cannot read the prompt file (${code})`, { cause: error });
  }
}

async function readCompletion(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`stdin: cannot read the completion (${code})`, { cause: error });
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    throw new UsageError("stdin: no completion to read (pipe the model's answer in)");
  }
  return text;
}

function renderText(view: ExtractView): string {
  const lines: string[] = [];
  lines.push(`${view.dataset}, ${view.shots} shots, fallback seed ${view.seed}`);
  if (view.prompt.kind === 'assumed') {
    lines.push(
      `prompt: assumed, the first ${view.shots} exemplars of ${view.prompt.path} then ${JSON.stringify(EMPTY_QUESTION)}` +
        ' (pass --prompt <file> for the real one)',
    );
  } else {
    lines.push(`prompt: ${view.prompt.path}`);
  }
  for (const rule of RULE_NAMES) {
    const result = view.rules[rule];
    lines.push('', `${rule}: ${result.answer ?? 'no answer'}`);
    lines.push(`  fired: ${result.fired}`);
    lines.push(`  matched: ${result.matched === null ? 'nothing' : JSON.stringify(result.matched)}`);
    lines.push(`  random fallback: ${result.fallback ? 'yes' : 'no'}`);
    if ('correct' in result) lines.push(`  correct: ${result.correct ? 'yes' : 'no'} (gold ${view.gold ?? ''})`);
  }
  return `${lines.join('\n')}\n`;
}
