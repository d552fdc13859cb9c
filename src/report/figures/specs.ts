// The report's figures as Vega-Lite specifications built from cell metrics (pure; rendering is elsewhere).
import { guidanceFigure, shotsFigure } from './line-figures.js';
import { paretoFigure } from './pareto-figure.js';
import { phaseTimeFigure } from './time-figure.js';
import type { FigureInput, FigureSpec } from './common.js';

export type { FigureInput, FigureSpec } from './common.js';

/** Paper Figs. 4, 3 and 5, then accuracy against time; a figure without data is left out. */
export function figureSpecs(input: FigureInput): FigureSpec[] {
  return [guidanceFigure(input), phaseTimeFigure(input), shotsFigure(input), paretoFigure(input)].filter((f): f is FigureSpec => f !== null);
}
