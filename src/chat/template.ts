// A chat template as gkt renders it: the Jinja source, its special tokens, where it came from, and its sha256.
import { sha256 } from '../util/hash.js';
import { UsageError } from '../util/errors.js';

export interface ChatTemplate {
  /** The Jinja source, as the model's files or its server hold it. */
  source: string;
  /** The text of the model's BOS and EOS tokens, passed to the template as `bos_token` and `eos_token`. */
  bosToken: string | null;
  eosToken: string | null;
  /** A file path or a server URL. */
  origin: string;
  /** sha256 of `source`: recorded in the manifest and part of every pass and cell id that uses it. */
  sha256: string;
}

export function chatTemplate(source: string, tokens: { bosToken: string | null; eosToken: string | null }, origin: string): ChatTemplate {
  if (source.trim() === '') throw new UsageError(`${origin}: the chat template is empty`);
  return { source, bosToken: tokens.bosToken, eosToken: tokens.eosToken, origin, sha256: sha256(source) };
}

/** Hugging Face writes a special token as its text or as an AddedToken object `{content, …}`. */
function tokenText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return null;
}

/** The special tokens a tokenizer_config.json names; a bare `.jinja` file beside it takes them from there. */
export function specialTokens(config: unknown): { bosToken: string | null; eosToken: string | null } {
  const c = (config ?? {}) as Record<string, unknown>;
  return { bosToken: tokenText(c.bos_token), eosToken: tokenText(c.eos_token) };
}

/**
 * `chat_template` of a tokenizer_config.json: one template, or a list of named ones (`default`,
 * `tool_use`, `rag`), of which `name` is taken (default: `default`).
 */
export function templateFromTokenizerConfig(config: unknown, origin: string, name?: string): ChatTemplate {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new UsageError(`${origin}: not a JSON object`);
  const field = (config as Record<string, unknown>).chat_template;
  let source: string;
  if (typeof field === 'string') {
    if (name !== undefined && name !== 'default') throw new UsageError(`${origin}: chat_template holds one template, not one named "${name}"`);
    source = field;
  } else if (Array.isArray(field)) {
    const wanted = name ?? 'default';
    const named = (field as unknown[]).filter(
      (t): t is { name: string; template: string } =>
        t !== null && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string' && typeof (t as { template?: unknown }).template === 'string',
    );
    const found = named.find((t) => t.name === wanted);
    if (found === undefined) {
      throw new UsageError(`${origin}: chat_template has no template named "${wanted}" (it has: ${named.map((t) => t.name).join(', ') || 'none'})`);
    }
    source = found.template;
  } else {
    throw new UsageError(`${origin}: no "chat_template" field (a base model, or a model folder whose template is in chat_template.jinja)`);
  }
  return chatTemplate(source, specialTokens(config), origin);
}

/** llama.cpp's `GET /props`: `chat_template` from the GGUF's `tokenizer.chat_template`, with `bos_token` and `eos_token`. */
export function templateFromProps(props: unknown, origin: string): ChatTemplate {
  const p = (props ?? {}) as Record<string, unknown>;
  if (typeof p.chat_template !== 'string' || p.chat_template.trim() === '') {
    throw new UsageError(`${origin}: the server reports no chat template (its model has no tokenizer.chat_template)`);
  }
  return chatTemplate(p.chat_template, specialTokens(p), origin);
}
