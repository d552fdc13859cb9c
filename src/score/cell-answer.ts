// Scoring one answer of a cell: the same input when the run scores it and when a report scores it again.
import type { Cell } from '../plan/types.js';
import { answerPrefix, type PromptTemplate } from '../prompts/index.js';
import type { ScoredExtraction } from '../extract/types.js';
import type { RuleName } from '../vocabulary.js';
import { deriveSeed } from '../util/rng.js';
import { scoreAll } from './score.js';

/** Whose answer: the whole answer (guidance, then the student's continuation) or the guidance alone (ACC_teacher). */
export type AnswerRole = 'student' | 'teacher';

/**
 * The answer follows the prompt up to `A: ` (no projection instruction), as in the student's prompt.
 * The reference rule's random fallback is seeded by the run seed, the item and the role, so a report
 * that scores again draws what the run drew.
 */
export function scoreCellAnswer(
  cell: Cell,
  template: PromptTemplate,
  item: { id: string; question: string; gold: string },
  answer: string,
  role: AnswerRole,
): Record<RuleName, ScoredExtraction> {
  return scoreAll(
    {
      dataset: cell.dataset.name,
      prompt: answerPrefix(template, item.question),
      answer,
      shots: template.shots,
      fallbackSeed: deriveSeed('fallback', cell.seed, item.id, role),
    },
    item.gold,
  );
}
