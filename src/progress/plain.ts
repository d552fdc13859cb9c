// Progress without a terminal (CI logs, pipes): a phase line at start and end, and a status line every few seconds.
import { formatDuration, RateWindow } from './rates.js';
import type { PhaseInfo, PhaseProgress, ProgressReporter } from './types.js';

export interface PlainOptions {
  write: (line: string) => void;
  now: () => number;
  intervalMs: number;
}

export function plainProgress(options: PlainOptions): ProgressReporter {
  return {
    phase(info: PhaseInfo): PhaseProgress {
      const started = options.now();
      const window = new RateWindow();
      let done = info.done;
      let errors = 0;
      let lastLine = started;
      // This session's requests and tokens in the phase: the done line gives the phase's rate, not the last stretch's.
      let ticks = 0;
      let tokensOut = 0;
      const whole = (now: number) => {
        const seconds = Math.max(now - started, 1) / 1000;
        return { requests: ticks / seconds, tokens: tokensOut / seconds };
      };
      const status = (prefix: string, overall = false) => {
        const now = options.now();
        const { requests, tokens } = overall ? whole(now) : window.rates(now);
        const remaining = info.total - done;
        const eta = requests > 0 ? formatDuration((remaining / requests) * 1000) : '?';
        options.write(
          `${prefix}[${info.index}/${info.count}] ${info.label}: ${done}/${info.total} items, ${requests.toFixed(1)} req/s, ${Math.round(tokens)} tok/s, ${errors} errors, ${remaining > 0 ? `ETA ${eta}` : `took ${formatDuration(now - started)}`}`,
        );
      };
      options.write(`[${info.index}/${info.count}] ${info.label}: ${info.total - info.done} of ${info.total} items to do`);
      return {
        tick({ ok, completionTokens }) {
          const now = options.now();
          done++;
          ticks++;
          tokensOut += completionTokens;
          if (!ok) errors++;
          window.add(now, completionTokens);
          if (now - lastLine >= options.intervalMs) {
            lastLine = now;
            status('');
          }
        },
        end() {
          status('done ', true);
        },
      };
    },
    log: (line) => options.write(line),
    close: () => {},
  };
}

export function silentProgress(log: (line: string) => void): ProgressReporter {
  return {
    phase: () => ({ tick: () => {}, end: () => {} }),
    log,
    close: () => {},
  };
}
