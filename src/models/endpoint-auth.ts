// How requests to an endpoint say who sends them (a URL's basic auth, or the API key), and every form of those secrets to keep out of text.
import type { ModelEndpoint } from './types.js';

/**
 * The Authorization header for requests to one of the endpoint's URLs, or null for none. Credentials in
 * the URL win: a server behind basic auth takes no bearer key in the same header (config validation
 * refuses both at once).
 */
export function authorization(endpoint: Pick<ModelEndpoint, 'apiKey' | 'credentials'>, url: string): string | null {
  const credentials = endpoint.credentials?.[url];
  if (credentials !== undefined) return credentials.header();
  return endpoint.apiKey ? `Bearer ${endpoint.apiKey}` : null;
}

/** The endpoint's secrets in every form a server could echo: cut from any message before it is recorded or shown. */
export function endpointSecrets(endpoint: Pick<ModelEndpoint, 'apiKey' | 'credentials'>): string[] {
  const credentials = Object.values(endpoint.credentials ?? {}).flatMap((c) => c.secrets());
  return [...(endpoint.apiKey ? [endpoint.apiKey] : []), ...credentials];
}
