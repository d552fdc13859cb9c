// Re-extraction: each rule applied again to the stored texts, so a changed or added rule never needs the models.
import { RULE_NAMES, type RuleName } from '../vocabulary.js';
import { templateFromText } from '../prompts/index.js';
import { scoreCellAnswer } from '../score/cell-answer.js';
import { sha256 } from '../util/hash.js';
import { PAPER_RULES } from './shown-rules.js';
import type { ScoredExtraction } from '../extract/types.js';
import type { Cell } from '../plan/types.js';
import type { PromptTemplate } from '../prompts/index.js';
import type { ItemRecord } from '../results/records.js';

export type RuleScores = Record<RuleName, ScoredExtraction>;

/** Rules' answers, re-extracted or as stored, and which rules changed. */
export interface Scores {
  /** Each rule on the whole answer; null when the item failed (it counts as wrong). */
  answers: Partial<RuleScores> | null;
  /** Each rule on the guidance alone; null for single models and when the teacher failed. */
  teacherAnswers: Partial<RuleScores> | null;
  /** Rules whose re-extracted answer or verdict differs from the stored one. */
  changed: readonly RuleName[];
  teacherChanged: readonly RuleName[];
}

/** Exemplar texts by their sha256, as the run folders keep them. */
export type PromptTexts = ReadonlyMap<string, { text: string; path: string }>;

/** The exemplars a cell used, found among the run's prompt files by the sha256 the cell cites. */
export function templateForCell(prompts: PromptTexts, cell: Cell): PromptTemplate | null {
  const { name } = cell.dataset;
  const { format, shots, sha256: wanted } = cell.prompt;
  const exact = prompts.get(wanted);
  if (exact !== undefined && sha256(exact.text) === wanted) {
    return { dataset: name, format, shots, exemplars: exact.text, sha256: wanted, path: exact.path };
  }
  // A folder may keep a whole prompt file rather than the first `shots` exemplars: cut it and compare.
  const candidates = exact === undefined ? [...prompts.values()] : [exact, ...prompts.values()];
  for (const prompt of candidates) {
    try {
      const template = templateFromText(name, format, shots, prompt.text, prompt.path);
      if (template.sha256 === wanted) return template;
    } catch {
      continue;
    }
  }
  return null;
}

function differs(stored: ScoredExtraction | undefined, fresh: ScoredExtraction): boolean {
  return stored === undefined || stored.answer !== fresh.answer || stored.correct !== fresh.correct;
}

/** Rules added to gkt after the paper's three; records written before them hold none of them. */
const NEWER_RULES = RULE_NAMES.filter((rule) => !PAPER_RULES.includes(rule));

/**
 * A stored answer that differs, or is missing, counts as changed; but a record written before the newer
 * rules existed (it holds none of them) has nothing to differ from under those, and is not counted.
 */
function changedRules(stored: Partial<RuleScores> | null | undefined, fresh: RuleScores | null): RuleName[] {
  if (fresh === null) return [];
  const older = NEWER_RULES.every((rule) => stored?.[rule] === undefined);
  return RULE_NAMES.filter((rule) => !(older && NEWER_RULES.includes(rule)) && differs(stored?.[rule], fresh[rule]));
}

/** Stored scores as they are, for cells whose prompt text is not in the run folder. */
export function storedScores(record: ItemRecord): Scores {
  return {
    answers: record.error === null ? record.answers : null,
    teacherAnswers: record.guidance === null ? null : record.teacherAnswers,
    changed: [],
    teacherChanged: [],
  };
}

/**
 * Scores one item again. The answer is the guidance followed by the student's text (the student
 * continues right after the guidance in its prompt), or a reasoning model's answer as its record keeps
 * it apart from its thinking; the fallback seeds are the ones the run used.
 */
export function rescoreItem(record: ItemRecord, cell: Cell, template: PromptTemplate): Scores {
  const item = { id: record.item, question: record.question, gold: record.gold };
  const guidance = record.guidance?.text ?? '';
  const teacherAnswers = record.guidance === null ? null : scoreCellAnswer(cell, template, item, guidance, 'teacher');
  const answers = record.error === null && record.student?.text != null
    ? scoreCellAnswer(cell, template, item, record.student.answer ?? guidance + record.student.text, 'student')
    : null;
  return {
    answers,
    teacherAnswers,
    changed: changedRules(record.answers, answers),
    teacherChanged: changedRules(record.teacherAnswers, teacherAnswers),
  };
}
