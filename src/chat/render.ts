// Renders a conversation with a chat template, as Hugging Face's apply_chat_template does, but with a fixed date.
import * as jinja from '@huggingface/jinja';
import { GktError } from '../util/errors.js';
import type { ChatTemplate } from './template.js';

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface RenderOptions {
  addGenerationPrompt: boolean;
  /** Extra template variables (`chat_template_kwargs`), e.g. `enable_thinking`. */
  variables: Readonly<Record<string, unknown>>;
  /**
   * The day `strftime_now` reports (YYYY-MM-DD). Templates that print today's date (Llama 3.1 and later)
   * would otherwise give another prompt, and another answer, every day.
   */
  date: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Python's strftime for the day given, in English whatever the machine's locale, at midnight. */
export function strftimeOn(date: string, format: string): string {
  const [year = '', month = '', day = ''] = date.split('-');
  const name = MONTHS[Number(month) - 1] ?? '';
  const codes: Record<string, string> = { Y: year, m: month, d: day, b: name.slice(0, 3), B: name, H: '00', M: '00', '%': '%' };
  return format.replace(/%([YmdbBHM%])/g, (_match, code: string) => codes[code] ?? '');
}

/**
 * The library's interpreter, typed here: its declaration files name the runtime by paths that a NodeNext
 * project cannot resolve, so the few members used are declared as they are.
 */
interface JinjaEnvironment {
  set(name: string, value: unknown): unknown;
}
interface ParsedTemplate {
  parsed: unknown;
}
const { Environment, Interpreter, Template } = jinja as unknown as {
  Environment: new () => JinjaEnvironment;
  Interpreter: new (env: JinjaEnvironment) => { run(program: unknown): { value: unknown } };
  Template: new (source: string) => ParsedTemplate;
};

const parsed = new Map<string, ParsedTemplate>();

/** Parsed once per template source: a sweep renders the same template for every item. */
function parse(template: ChatTemplate): ParsedTemplate {
  let found = parsed.get(template.sha256);
  if (found === undefined) {
    try {
      found = new Template(template.source);
    } catch (error) {
      throw new GktError(`${template.origin}: the chat template does not parse: ${(error as Error).message}`, { cause: error });
    }
    parsed.set(template.sha256, found);
  }
  return found;
}

/**
 * The globals Hugging Face's renderer gives a template (booleans in both spellings, `range`,
 * `raise_exception`, `strftime_now`), set up here so that `strftime_now` reads the fixed date.
 */
function environment(options: RenderOptions): JinjaEnvironment {
  const env = new Environment();
  const globals: Record<string, unknown> = {
    true: true,
    false: false,
    none: null,
    True: true,
    False: false,
    None: null,
    range: (start: number, stop?: number, step = 1) => {
      const [from, to] = stop === undefined ? [0, start] : [start, stop];
      if (step === 0) throw new Error('range() step must not be zero');
      const out: number[] = [];
      for (let i = from; step > 0 ? i < to : i > to; i += step) out.push(i);
      return out;
    },
    raise_exception: (message: unknown) => {
      throw new TemplateRaised(String(message));
    },
    strftime_now: (format: string) => strftimeOn(options.date, format),
  };
  for (const [name, value] of Object.entries(globals)) env.set(name, value);
  return env;
}

/** The template's own refusal (`raise_exception`), as opposed to a fault in rendering it. */
class TemplateRaised extends Error {}

export function renderChat(template: ChatTemplate, messages: readonly ChatMessage[], options: RenderOptions): string {
  const program = parse(template);
  const env = environment(options);
  const items: Record<string, unknown> = {
    ...options.variables,
    messages: messages.map((m) => ({ role: m.role, content: m.content })),
    add_generation_prompt: options.addGenerationPrompt,
    bos_token: template.bosToken ?? '',
    eos_token: template.eosToken ?? '',
  };
  for (const [name, value] of Object.entries(items)) env.set(name, value);
  try {
    return new Interpreter(env).run(program.parsed).value as string;
  } catch (error) {
    const what = error instanceof TemplateRaised ? 'refused the conversation' : 'failed to render';
    throw new GktError(`${template.origin}: the chat template ${what}: ${(error as Error).message}`, { cause: error });
  }
}
