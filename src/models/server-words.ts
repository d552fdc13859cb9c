// What a server said when it failed, in its own words, with any API key taken out.

/** Removes secrets (API keys) from text a server or library wrote, before it reaches records or logs. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

const WORDS_LIMIT = 500;

/**
 * The server's own words from an error body, wherever it put them: OpenAI, llama.cpp and newer vLLM
 * `{error: {message}}`, TGI and Ollama `{error: "..."}`, older vLLM and SGLang a top-level `message`,
 * FastAPI `detail`; else the body's text. Null when the body says nothing.
 */
export function serverWords(body: unknown, text: string | undefined, secrets: readonly string[]): string | null {
  // Redacted before cut: a key straddling the cut would otherwise leave part of itself behind.
  const words = (raw: string) => redact(raw.trim(), secrets).slice(0, WORDS_LIMIT);
  if (body !== null && typeof body === 'object') {
    const b = body as { error?: unknown; message?: unknown; detail?: unknown };
    const nested = b.error !== null && typeof b.error === 'object' ? (b.error as { message?: unknown }).message : undefined;
    for (const candidate of [nested, b.error, b.message, b.detail]) {
      if (typeof candidate === 'string' && candidate.trim() !== '') return words(candidate);
    }
    const json = JSON.stringify(body);
    return json === '{}' ? null : words(json);
  }
  const trimmed = (text ?? (typeof body === 'string' ? body : '')).trim();
  return trimmed === '' ? null : words(trimmed);
}

/** The server's words from an error body's text, JSON or not. */
export function wordsOfText(text: string, secrets: readonly string[]): string | null {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Plain words are still words.
  }
  return serverWords(body, text, secrets);
}

/**
 * Why a body did not parse, without the snippet of it that JSON.parse quotes: a server that echoes a
 * key would otherwise leak its first characters, which no redaction of the whole key catches.
 */
export function jsonFailure(error: SyntaxError): string {
  const position = /position \d+/.exec(error.message)?.[0];
  return position ? `not valid JSON at ${position}` : 'not valid JSON';
}
