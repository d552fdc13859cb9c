// `gkt extract`: read one completion on stdin and show what each extraction rule finds in it, and why.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { normaliseNumber } from '../extract/numbers.js';
import { answerBlock, extractAll } from '../extract/index.js';
import { explainFired } from '../extract/explain.js';
import { splitExemplars } from '../prompts/exemplars.js';
import { DEFAULT_SHOTS } from '../prompts/index.js';
import { scoreAll } from '../score/score.js';
import { GktError, UsageError } from '../util/errors.js';
import { packageRoot } from '../util/package-info.js';
import { type DatasetName, RULE_NAMES, type RuleName } from '../vocabulary.js';
import type { CommandContext } from '../util/command-context.js';
import type { ExtractInput, Extraction, ScoredExtraction } from '../extract/types.js';

export interface ExtractOptions {
  dataset: DatasetName;
  shots?: number;
  prompt?: string;
  gold?: string;
  seed?: number;
  json?: boolean;
  jsonl?: boolean;
}

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
  const gold = options.gold === undefined ? null : checkGold(dataset, options.gold, '--gold');
  const prompt = options.prompt === undefined
    ? await assumedPrompt(dataset, shots)
    : await promptFile(resolve(context.cwd, options.prompt), options.prompt);
  const text = await readCompletion(context.stdin);
  const settings = { dataset, shots, seed, prompt };
  if (options.jsonl === true) {
    // Every line is read and checked before the first result is written: a bad line leaves no half output.
    const views = readLines(text, dataset).map((line) => ({ ...(line.id !== undefined ? { id: line.id } : {}), ...extractView(settings, line.completion, line.gold ?? gold) }));
    context.stdout.write(views.map((view) => `${JSON.stringify(view)}\n`).join(''));
    return;
  }
  const view = extractView(settings, text, gold);
  context.stdout.write(options.json === true ? `${JSON.stringify(view)}\n` : renderText(view, text));
}

function extractView(settings: { dataset: DatasetName; shots: number; seed: number; prompt: PromptSource }, answer: string, gold: string | null): ExtractView {
  const { dataset, shots, seed, prompt } = settings;
  const input: ExtractInput = { dataset, prompt: prompt.text, answer, shots, fallbackSeed: seed };
  const results: Record<RuleName, Extraction | ScoredExtraction> = gold === null ? extractAll(input) : scoreAll(input, gold);
  const block = answerBlock(answer);
  return {
    dataset,
    shots,
    seed,
    prompt: { kind: prompt.kind, path: prompt.path },
    gold,
    answerBlock: { chars: block.length, cutAt: block.length === answer.length ? null : block.length },
    notes: promptNotes(dataset, prompt.text, shots),
    rules: results,
  };
}

interface InputLine {
  completion: string;
  gold?: string;
  id?: string | number;
}

/** `--jsonl`: one `{"completion", "gold"?, "id"?}` object per line; blank lines are skipped. */
function readLines(text: string, dataset: DatasetName): InputLine[] {
  const lines: InputLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `stdin:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new UsageError(`${where}: not a JSON object ({"completion": "...", "gold": "..."})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${where}: not a JSON object`);
    const { completion, gold, id } = value as Record<string, unknown>;
    if (typeof completion !== 'string') throw new UsageError(`${where}: "completion" must be a string`);
    if (gold !== undefined && typeof gold !== 'string' && typeof gold !== 'number') throw new UsageError(`${where}: "gold" must be a string or a number`);
    if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') throw new UsageError(`${where}: "id" must be a string or a number`);
    lines.push({
      completion,
      ...(gold !== undefined ? { gold: checkGold(dataset, String(gold), `${where}: "gold"`) } : {}),
      ...(id !== undefined ? { id } : {}),
    });
  });
  return lines;
}

interface ExtractView {
  dataset: DatasetName;
  shots: number;
  seed: number;
  prompt: { kind: PromptSource['kind']; path: string };
  gold: string | null;
  /** The part of the completion strict and flexible read: its length, and where it was cut (null: not cut). */
  answerBlock: { chars: number; cutAt: number | null };
  /** Warnings about the prompt that change what the reference rule reads. */
  notes: string[];
  rules: Record<RuleName, Extraction | ScoredExtraction>;
}

/**
 * The reference rule counts the exemplars' answer sentences in the prompt to find the model's. When the
 * prompt holds a different number than `shots` (a Wei CSQA prompt has `So the answer is (e).`, which the
 * case-sensitive pattern never matches), the rule reads a different sentence; say so.
 */
function promptNotes(dataset: DatasetName, prompt: string, shots: number): string[] {
  const count = dataset === 'gsm8k'
    ? prompt.toLowerCase().split('the answer is').length - 1
    : [...prompt.matchAll(/The answer is ([A-Z])/g)].length;
  if (count === shots) return [];
  const what = dataset === 'gsm8k' ? '"the answer is" (any case)' : 'matches of "The answer is [A-Z]"';
  return [`the prompt has ${count} ${what} where ${shots} shots expect ${shots}, so the reference rule skips the wrong number of answer sentences`];
}

/**
 * A gsm8k gold is kept as written once it reads as a number: the lm-eval rules compare strings after the
 * harness's own normalisation (`1,000` and `1000` agree there, `72.0` and `72` do not), the others by value.
 */
function checkGold(dataset: DatasetName, gold: string, where: string): string {
  if (dataset === 'gsm8k') {
    if (normaliseNumber(gold) === null) throw new UsageError(`${where} "${gold}": a gsm8k gold answer must be a number`);
    return gold.trim();
  }
  const letter = gold.trim().toUpperCase();
  if (!/^[A-E]$/.test(letter)) throw new UsageError(`${where} "${gold}": a csqa gold answer must be one of the letters A–E`);
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
  const blocks = splitExemplars(text, path);
  if (shots > blocks.length) throw new UsageError(`--shots ${shots}: ${path} holds only ${blocks.length} exemplars`);
  const exemplars = blocks.slice(0, shots).join('');
  return { kind: 'assumed', path, text: exemplars + EMPTY_QUESTION };
}

async function promptFile(path: string, given: string): Promise<PromptSource> {
  try {
    return { kind: 'file', path, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${given}: cannot read the prompt file (${code})`, { cause: error });
  }
}

async function readCompletion(stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  // Reading a terminal would wait for typing that never comes; say how to use the command instead.
  if (stdin.isTTY === true) {
    throw new UsageError("stdin: no completion piped in (e.g. `echo 'The answer is 18.' | gkt extract --dataset gsm8k`)");
  }
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

/** At most `width` characters of `text`, as a JSON string, so line breaks and spaces show. */
function excerpt(text: string, width = 60): string {
  const chars = [...text];
  return JSON.stringify(chars.length > width ? `${chars.slice(0, width).join('')}…` : text);
}

function headline(rule: RuleName, result: Extraction | ScoredExtraction): string {
  if (result.answer === null) return `${rule}: no answer`;
  return result.fallback ? `${rule}: ${result.answer}  (random fallback: nothing to read, so a seeded draw)` : `${rule}: ${result.answer}`;
}

/** Correct, wrong, or wrong for having no answer, which is not the same as answering wrongly. */
function verdict(result: ScoredExtraction, gold: string): string {
  if (result.answer === null) return `wrong: no answer (gold ${gold})`;
  if (!result.correct) return `wrong (gold ${gold})`;
  return result.fallback ? `correct by chance: the random draw equals the gold (gold ${gold})` : `correct (gold ${gold})`;
}

function renderText(view: ExtractView, completion: string): string {
  const lines: string[] = [];
  lines.push(`${view.dataset}, ${view.shots} shots, random-fallback seed ${view.seed}`);
  if (view.prompt.kind === 'assumed') {
    lines.push(
      `prompt: assumed, the first ${view.shots} exemplars of ${view.prompt.path} then ${JSON.stringify(EMPTY_QUESTION)}` +
        ' (pass --prompt <file> for the real one)',
    );
  } else {
    lines.push(`prompt: ${view.prompt.path}`);
  }
  for (const note of view.notes) lines.push(`note: ${note}`);
  const { chars, cutAt } = view.answerBlock;
  lines.push(
    cutAt === null
      ? `answer block: the whole completion (${chars} characters)`
      : `answer block: the first ${chars} of ${completion.length} characters; cut where the model starts a next question: ${excerpt(completion.slice(cutAt))}`,
  );
  for (const rule of RULE_NAMES) {
    const result = view.rules[rule];
    lines.push('', headline(rule, result));
    lines.push(`  how: ${result.fired}, ${explainFired(view.dataset, rule, result.fired, view.shots)}`);
    lines.push(`  matched: ${result.matched === null ? 'nothing' : JSON.stringify(result.matched)}`);
    if ('correct' in result && view.gold !== null) lines.push(`  score: ${verdict(result, view.gold)}`);
  }
  return `${lines.join('\n')}\n`;
}
