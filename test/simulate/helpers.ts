// Shared test helpers: fixture paths, prompts in the reference and Wei formats, and a running simulator.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDataset } from '../../src/datasets/load.js';
import type { Item } from '../../src/datasets/types.js';
import { parseProfile } from '../../src/simulate/profile.js';
import type { SimulatorProfile } from '../../src/simulate/profile.js';
import { startSimulator } from '../../src/simulate/server.js';
import type { RunningSimulator } from '../../src/simulate/server.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'simulate');
export const GSM8K_PATH = join(FIXTURES, 'gsm8k.jsonl');
export const CSQA_PATH = join(FIXTURES, 'csqa.jsonl');
export const EXEMPLARS = readFileSync(join(FIXTURES, 'exemplars.txt'), 'utf8');

export const gsm8kItems: Item[] = parseDataset('gsm8k', GSM8K_PATH, readFileSync(GSM8K_PATH, 'utf8'));
export const csqaItems: Item[] = parseDataset('csqa', CSQA_PATH, readFileSync(CSQA_PATH, 'utf8'));

/** The test question as the reference prompt shows it (CSQA: stem, then `Answer Choices:` with capitals). */
export function shownQuestion(item: Item, format: 'reference' | 'wei' = 'reference'): string {
  if (item.choices === undefined) return item.question;
  const choices = item.choices.map((c) => `(${format === 'wei' ? c.label.toLowerCase() : c.label}) ${c.text}`).join(' ');
  return `${item.question} Answer Choices: ${choices}`;
}

/** Reference: `... Q: {question}\nA: {guidance}`; Wei: `...Q: {question}\nA:` then ` {guidance}` if any. */
export function promptFor(item: Item, guidance = '', format: 'reference' | 'wei' = 'reference'): string {
  const question = shownQuestion(item, format);
  if (format === 'wei') return `${EXEMPLARS}Q: ${question}\nA:${guidance === '' ? '' : ` ${guidance}`}`;
  return `${EXEMPLARS.trimEnd()}\n\n Q: ${question}\nA: ${guidance}`;
}

/** The strict rule, enough for these tests: the first `The answer is X` before the next `\nQ:`. */
export function firstAnswer(text: string): string | null {
  const block = text.split('\nQ:')[0]!;
  return /The answer is \(?(-?[\d,.]*\d|[A-E])\b/.exec(block)?.[1]?.replaceAll(',', '') ?? null;
}

export function testProfile(overrides: Record<string, unknown> = {}): SimulatorProfile {
  return parseProfile(
    {
      model: 'sim-test',
      accuracy: 0.5,
      datasets: [
        { name: 'gsm8k', path: GSM8K_PATH },
        { name: 'csqa', path: CSQA_PATH },
      ],
      ...overrides,
    },
    'test profile',
  );
}

export async function withSimulator<T>(profile: SimulatorProfile, use: (sim: RunningSimulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator(profile, { port: 0 });
  try {
    return await use(sim);
  } finally {
    await sim.close();
  }
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; headers: Headers; json: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? null : JSON.parse(text) };
}

/** Reads an SSE body into its `data:` payloads, `[DONE]` kept as the string. */
export async function readEvents(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const data = block.replace(/^data: /, '');
      return data === '[DONE]' ? data : (JSON.parse(data) as unknown);
    });
}
