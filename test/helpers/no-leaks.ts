// Set up for every test file: tests share their process (the CLI runs in it), so each test must leave the
// process as it found it (exit code, listeners, environment, working folder), and each file must leave no
// server, socket, child process or timer behind once its own hooks have run.
import { createHook } from 'node:async_hooks';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** Events whose listeners a command could leave behind (a signal handler, a cleanup on exit). */
const EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'warning'] as const;
/** Handles that keep a process alive (timers are followed one by one, below). */
const HANDLES = ['TCPServerWrap', 'TCPSocketWrap', 'PipeWrap', 'ProcessWrap', 'FSEventWrap', 'StatWatcher', 'UDPWrap'];
/** How long closing may take once a file's hooks have run (a server's close, a child's exit). */
const SETTLE_MS = 2000;

interface ProcessState {
  exitCode: typeof process.exitCode;
  listeners: string;
  env: string;
  cwd: string;
}

function processState(): ProcessState {
  return {
    exitCode: process.exitCode,
    listeners: EVENTS.map((event) => `${event} ${process.listenerCount(event)}`).join(', '),
    env: JSON.stringify(Object.entries(process.env).sort(([a], [b]) => a.localeCompare(b))),
    cwd: process.cwd(),
  };
}

function handleCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) if (HANDLES.includes(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** A timer as Node keeps it: gone once it fired (unless repeating) or was cleared; kept alive only if ref'd. */
interface TimerResource {
  _destroyed: boolean;
  _idleTimeout: number;
  hasRef(): boolean;
}

// Timers created while the file runs; the check keeps those still pending and holding the process open.
const timers = new Set<TimerResource>();
const timerHook = createHook({
  init(_id, type, _trigger, resource) {
    if (type === 'Timeout') timers.add(resource as TimerResource);
  },
});

/** What is open now that was not before the file's tests, e.g. "TCPServerWrap ×1", "a 60000 ms timer". */
function leftOpen(before: Map<string, number>): string[] {
  const handles = [...handleCounts()].filter(([type, n]) => n > (before.get(type) ?? 0)).map(([type, n]) => `${type} ×${n - (before.get(type) ?? 0)}`);
  for (const timer of timers) if (timer._destroyed || !timer.hasRef()) timers.delete(timer);
  return [...handles, ...[...timers].map((timer) => `a ${timer._idleTimeout} ms timer`)];
}

let fileStart = new Map<string, number>();
let testStart: ProcessState;

beforeAll(() => {
  fileStart = handleCounts();
  timers.clear();
  timerHook.enable();
});

beforeEach(() => {
  testStart = processState();
});

afterEach(() => {
  const now = processState();
  const changed = (Object.keys(now) as Array<keyof ProcessState>).filter((key) => now[key] !== testStart[key]);
  if (changed.length === 0) return;
  const detail = changed.map((key) => (key === 'env' ? 'env' : `${key}: ${String(testStart[key])} → ${String(now[key])}`));
  // Put back what can be, so that one leaking test does not fail the tests after it.
  process.exitCode = testStart.exitCode;
  if (now.cwd !== testStart.cwd) process.chdir(testStart.cwd);
  throw new Error(`the test left the process changed: ${detail.join('; ')}`);
});

// Registered before the file's own hooks, so it runs after them: what they close is closed by then.
afterAll(async () => {
  timerHook.disable();
  const deadline = performance.now() + SETTLE_MS;
  while (leftOpen(fileStart).length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20).unref());
  }
  const open = leftOpen(fileStart);
  timers.clear();
  if (open.length > 0) throw new Error(`the test file left open: ${open.join(', ')}`);
});
