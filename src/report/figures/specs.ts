// The report's figures as Vega-Lite specifications built from cell metrics (pure; rendering is elsewhere).
import { guidanceFigure, shotsFigure } from './line-figures.js';
import { paretoFigure } from './pareto-figure.js';
import { phaseTimeFigure } from './time-figure.js';
import { methodsFigure } from './methods-figure.js';
import { representative } from '../repeats.js';
import type { FigureInput, FigureSpec } from './common.js';

export type { FigureInput, FigureSpec } from './common.js';

/** Paper Figs. 4, 3 and 5, accuracy against time, then the methods'; a figure without data is left out. */
export function figureSpecs(input: FigureInput): FigureSpec[] {
  // The paper's figures show GKT cells and models alone; the methods have a figure of their own.
  const paper = { ...input, groups: input.groups.filter((g) => representative(g).kind === 'gkt' || representative(g).kind === 'single') };
  return [guidanceFigure(paper), phaseTimeFigure(paper), shotsFigure(paper), paretoFigure(paper), methodsFigure(input)].filter((f): f is FigureSpec => f !== null);
}
