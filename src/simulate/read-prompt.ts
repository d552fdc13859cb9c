// Reads a prompt the way the simulator needs it: the instruction, the test question, and what follows `A:`.

export const ANSWER_STYLES = ['plain', 'concise', 'hint'] as const;
export type AnswerStyle = (typeof ANSWER_STYLES)[number];

/** The projection instructions of the reference code, put at the very start of the teacher's prompt. */
const INSTRUCTIONS: Array<[string, AnswerStyle]> = [
  ['Provide the answer in a brief manner: ', 'concise'],
  ['Provide a brief hint for the question: ', 'hint'],
];

export interface PromptReading {
  /** The answer style the prompt's instruction asks for. */
  style: AnswerStyle;
  /** The test question (CSQA: with its choices), or the whole prompt when it has no `\nA:`. */
  question: string;
  /** Everything after the test question's `\nA:`: a space, then any guidance. Empty without `\nA:`. */
  written: string;
}

/**
 * The test question is the one answered last: the text between the `Q: ` before the last `\nA:`
 * and that `\nA:`. Searching back from the last `\nA:` (rather than forward from the last `Q: `)
 * keeps the right question when guidance runs on into an invented `Q: ` of its own.
 */
export function readPrompt(prompt: string): PromptReading {
  const instruction = INSTRUCTIONS.find(([text]) => prompt.startsWith(text));
  const style = instruction?.[1] ?? 'plain';
  const bodyAt = instruction?.[0].length ?? 0;
  const answerAt = prompt.lastIndexOf('\nA:');
  if (answerAt < bodyAt) return { style, question: prompt.slice(bodyAt).trim(), written: '' };
  const questionAt = prompt.lastIndexOf('Q: ', answerAt);
  const question = prompt.slice(questionAt < bodyAt ? bodyAt : questionAt + 3, answerAt);
  return { style, question: question.trim(), written: prompt.slice(answerAt + 3) };
}
