// Renders a Vega-Lite specification to SVG text headlessly (no browser, no canvas); loaded only by report code.
import { vegaTextWidth } from './text-width.js';
import type { TopLevelSpec } from 'vega-lite';

interface TextMetrics {
  width: (item: object, text: unknown) => number;
}

export interface RenderedSvg {
  svg: string;
  /** What Vega-Lite and Vega warned about while compiling and rendering: a spec problem, not a run problem. */
  warnings: string[];
}

function collector(warnings: string[]) {
  let level = 2;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: (...args: unknown[]) => (warnings.push(args.map(String).join(' ')), logger),
    warn: (...args: unknown[]) => (warnings.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  // Without a canvas Vega guesses 0.8 em per character; a per-character table measures labels closely.
  // Vega reads this hook for exactly that purpose, though its typings do not declare it.
  (vega as unknown as { textMetrics: TextMetrics }).textMetrics.width = vegaTextWidth;
  const warnings: string[] = [];
  const logger = collector(warnings);
  const compiled = vegaLite.compile(spec, { logger: logger as never });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logger: logger as never, logLevel: vega.Warn });
  try {
    return { svg: await view.toSVG(), warnings };
  } finally {
    view.finalize();
  }
}
