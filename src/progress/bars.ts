// Progress in a terminal: one cli-progress bar per phase with items, ETA, requests/s, tokens/s and errors.
import cliProgress from 'cli-progress';
import type { ChalkInstance } from 'chalk';
import { formatDuration, RateWindow } from './rates.js';
import type { PhaseInfo, PhaseProgress, ProgressReporter } from './types.js';

export interface BarOptions {
  stream: NodeJS.WritableStream;
  now: () => number;
  color: ChalkInstance;
}

export function barProgress(options: BarOptions): ProgressReporter {
  const { color } = options;
  const multibar = new cliProgress.MultiBar(
    {
      stream: options.stream as NodeJS.WriteStream,
      format: `{phase} {label} ${color.cyan('{bar}')} {value}/{total} | {rps} req/s | {tps} tok/s | {errors} | ETA {etaText}`,
      barCompleteChar: '\u2588',
      barIncompleteChar: '\u2591',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
      forceRedraw: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    phase(info: PhaseInfo): PhaseProgress {
      const window = new RateWindow();
      const started = options.now();
      let errors = 0;
      let done = info.done;
      const payload = () => {
        const now = options.now();
        const { requests, tokens } = window.rates(now);
        const remaining = info.total - done;
        return {
          phase: color.dim(`[${info.index}/${info.count}]`),
          label: info.role === 'teacher' ? color.magenta(info.label) : color.green(info.label),
          rps: requests.toFixed(1),
          tps: String(Math.round(tokens)),
          errors: errors > 0 ? color.red(`${errors} errors`) : '0 errors',
          etaText: remaining === 0 ? 'done' : requests > 0 ? formatDuration((remaining / requests) * 1000) : '?',
        };
      };
      const bar = multibar.create(info.total, info.done, payload());
      return {
        tick({ ok, completionTokens }) {
          done++;
          if (!ok) errors++;
          window.add(options.now(), completionTokens);
          bar.update(done, payload());
        },
        end() {
          // A finished phase leaves one line above the bars, so a sweep of many phases keeps one bar on screen.
          const p = payload();
          const took = formatDuration(options.now() - started);
          multibar.log(`${p.phase} ${p.label} ${done}/${info.total} items, ${p.errors}, took ${took}\n`);
          multibar.remove(bar);
        },
      };
    },
    log: (line) => multibar.log(`${line}\n`),
    close: () => multibar.stop(),
  };
}
