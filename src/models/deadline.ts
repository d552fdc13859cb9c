// The deadline and interrupt of a request made with fetch (Ollama's native API); OpenAI-compatible requests carry theirs on the socket (http-post.ts).

export interface TimeBox {
  /** Aborted by the caller's signal or by the timeout; made on first use (fetch wants one). */
  readonly signal: AbortSignal;
  /** Calls `cancel` when the request is to end (interrupt or timeout), at once if it already is. */
  onCancel(cancel: (reason: unknown) => void): void;
  timedOut: () => boolean;
  /** The caller's own signal: aborted means an interrupt, not a failure. */
  outer: AbortSignal;
}

/** Node fires a longer timer at once (after 1 ms), which would time out every request of a generous config. */
export function timerMs(ms: number): number {
  return Math.min(ms, 2 ** 31 - 1);
}

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` once `signal` aborts; returns how to stop waiting. Every request of a run waits on the
 * same signal: one listener on it serves them all, which costs far less than one EventTarget
 * listener added and removed per request.
 */
export function whenAborted(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let set = waiting.get(signal);
  if (set === undefined) {
    const fns = new Set<() => void>();
    set = fns;
    waiting.set(signal, fns);
    signal.addEventListener('abort', () => {
      for (const f of [...fns]) f();
      fns.clear();
    }, { once: true });
  }
  const own = set;
  own.add(fn);
  return () => own.delete(fn);
}

/**
 * Runs `work` under a deadline covering the whole request, the body and every stream chunk included:
 * a server that sends its headers and then hangs mid-stream still ends the request.
 */
export async function timeBox<T>(outer: AbortSignal, timeoutMs: number, work: (box: TimeBox) => Promise<T>): Promise<T> {
  let timedOut = false;
  let ended: { reason: unknown } | null = null;
  const cancels: Array<(reason: unknown) => void> = [];
  let controller: AbortController | null = null;
  const end = (reason: unknown) => {
    if (ended !== null) return;
    ended = { reason };
    for (const cancel of cancels) cancel(reason);
    controller?.abort(reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    end(new Error('timeout'));
  }, timerMs(timeoutMs));
  const stopWaiting = whenAborted(outer, () => end(outer.reason));
  const box: TimeBox = {
    get signal() {
      if (controller === null) {
        controller = new AbortController();
        if (ended !== null) controller.abort((ended as { reason: unknown }).reason);
      }
      return controller.signal;
    },
    onCancel(cancel) {
      if (ended !== null) cancel((ended as { reason: unknown }).reason);
      else cancels.push(cancel);
    },
    timedOut: () => timedOut,
    outer,
  };
  try {
    return await work(box);
  } finally {
    clearTimeout(timer);
    stopWaiting();
  }
}
