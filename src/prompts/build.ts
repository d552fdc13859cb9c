// The text sent to a model: instruction, exemplars, the test question, and the guidance to continue from.
import type { Item } from '../datasets/types.js';
import type { Projection, PromptFormat } from '../vocabulary.js';
import type { PromptTemplate } from './template.js';

/** Paper 4.2, with the reference code's trailing space: the instruction runs straight into the first exemplar. */
export const PROJECTION_INSTRUCTIONS: Record<Projection, string> = {
  cutoff: '',
  concise: 'Provide the answer in a brief manner: ',
  hint: 'Provide a brief hint for the question: ',
};

/**
 * The question as a model sees it. CSQA, reference format: `{stem} Answer Choices: (A) {text} …`, as the
 * reference code renders test items (capital labels, no commas); Wei format: the same with `(a)` labels.
 */
export function renderQuestion(item: Item, format: PromptFormat): string {
  if (item.dataset === 'gsm8k') return item.question;
  if (item.choices === undefined) throw new Error(`csqa item ${item.id} has no choices`);
  const label = format === 'wei' ? (l: string) => l.toLowerCase() : (l: string) => l;
  const choices = item.choices.map((choice) => ` (${label(choice.label)}) ${choice.text}`).join('');
  return `${item.question} Answer Choices:${choices}`;
}

/**
 * Reference: `{instruction}{exemplars} Q: {question}\nA: {guidance}`, exactly as the reference code
 * concatenates it (space before the test `Q:`, space after `A:` even with no guidance).
 * Wei: `{instruction}{exemplars}Q: {question}\nA:`, and `… A: {guidance}` when there is guidance.
 */
export function buildPrompt(template: PromptTemplate, question: string, parts: { instruction?: string; guidance?: string }): string {
  const instruction = parts.instruction ?? '';
  const guidance = parts.guidance ?? '';
  if (template.format === 'reference') return `${instruction}${template.exemplars} Q: ${question}\nA: ${guidance}`;
  const answer = guidance === '' ? '' : ` ${guidance}`;
  return `${instruction}${template.exemplars}Q: ${question}\nA:${answer}`;
}

/**
 * The prompt up to where the model's answer begins (no guidance, no instruction): what extraction calls
 * `prompt`. It ends with `A: ` in both formats, so that `answerPrefix + guidance` is the student's prompt;
 * in the Wei format a model answering alone is sent it without that last space.
 */
export function answerPrefix(template: PromptTemplate, question: string): string {
  const separator = template.format === 'reference' ? ' ' : '';
  return `${template.exemplars}${separator}Q: ${question}\nA: `;
}
