// The answer block: the model's answer up to the point where it starts inventing the next question.

/**
 * Cuts at the first line that opens with `Q:`. Spaces or tabs before `Q:` count too, because the
 * reference prompt puts a space before the test question (`\n\n Q: `), and a model imitating it does the same.
 */
const NEXT_QUESTION = /\n[ \t]*Q:/;

export function answerBlock(answer: string): string {
  const match = NEXT_QUESTION.exec(answer);
  return match === null ? answer : answer.slice(0, match.index);
}
