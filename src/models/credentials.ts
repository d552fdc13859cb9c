// Credentials written into a model URL (`http://user:secret@host/v1`): taken out of the URL once, sent as basic auth, never shown.
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/** A URL's user and password. Printed, inspected or serialised, it shows nothing of them. */
export class UrlCredentials {
  readonly #user: string;
  readonly #password: string;

  /** Both as the URL spells them, percent-encoding included. */
  constructor(user: string, password: string) {
    this.#user = user;
    this.#password = password;
  }

  /** The Authorization header: user and password decoded, as RFC 7617 sends them. */
  header(): string {
    return `Basic ${Buffer.from(`${decode(this.#user)}:${decode(this.#password)}`).toString('base64')}`;
  }

  /** Every form a server or library could echo them in: as written, decoded, and inside the header. */
  secrets(): string[] {
    const header = this.header();
    return [...new Set([this.#password, decode(this.#password), header, header.slice('Basic '.length)])].filter((s) => s !== '');
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `UrlCredentials ${REDACTED}`;
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The URL without its user and password, and them apart; a URL without any comes back as given. */
export function splitCredentials(url: string): { url: string; credentials: UrlCredentials | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, credentials: null };
  }
  if (parsed.username === '' && parsed.password === '') return { url, credentials: null };
  const credentials = new UrlCredentials(parsed.username, parsed.password);
  parsed.username = '';
  parsed.password = '';
  // URL puts a slash after a bare host; the base URL keeps the path it was given.
  const clean = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*$/i.test(url) ? parsed.href.replace(/\/$/, '') : parsed.href;
  return { url: clean, credentials };
}

/** User and password of every URL in a text, as `http://[redacted]@host`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi, `$1${REDACTED}@`);
}

/** A copy of a JSON value (a config, argv) with the credentials of every URL in its strings redacted. */
export function withoutUrlCredentials<T>(value: T): T {
  if (typeof value === 'string') return redactUrlCredentials(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withoutUrlCredentials(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutUrlCredentials(v)])) as T;
  }
  return value;
}
