// Who closes the connections opened under a signal: a registry apart from the HTTP client, so a command can close its own without loading that client.

/** How to close the connections of each signal that requests went out under. */
const closers = new WeakMap<AbortSignal, () => Promise<void>>();

/** Called by the transport when it opens connections under `signal`. */
export function registerConnections(signal: AbortSignal, close: () => Promise<void>): void {
  closers.set(signal, close);
}

/** Called by the transport once a signal's connections are gone (an interrupt destroyed them). */
export function forgetConnections(signal: AbortSignal): void {
  closers.delete(signal);
}

/**
 * Closes the connections opened under `signal`: called by whoever made the signal once its requests are
 * done (a command at its end, a run after its last phase), so that no socket outlives them. A request
 * still in flight then is cut; a later one under the same signal opens connections anew.
 */
export async function closeConnections(signal: AbortSignal): Promise<void> {
  const close = closers.get(signal);
  if (close === undefined) return;
  closers.delete(signal);
  await close();
}
