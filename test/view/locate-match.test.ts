// Where each rule's match sits in the answer or the prompt, found as the rules themselves find it.
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { locateMatch } from '../../src/view/locate-match.js';
import type { DatasetName, RuleName } from '../../src/vocabulary.js';

const GSM8K_PROMPT = 'Q: One?\nA: It is 3. The answer is 3.\n\nQ: Two?\nA: It is 4. The answer is 4.\n\n Q: Sam has 7 apples.\nA: ';
const CSQA_PROMPT = 'Q: Where? Answer Choices: (A) x (B) y\nA: So. The answer is A.\n\nQ: Why? Answer Choices: (A) x (B) y\nA: So. The answer is B.\n\n Q: What? Answer Choices: (A) x (B) y (C) z\nA: ';

/** The text a located match covers, and where. */
function located(dataset: DatasetName, rule: RuleName, answer: string, prompt: string | null = dataset === 'gsm8k' ? GSM8K_PROMPT : CSQA_PROMPT) {
  const extraction = extract(rule, { dataset, prompt: prompt ?? '', answer, shots: 2, fallbackSeed: 1 });
  const found = locateMatch(dataset, extraction, answer, prompt, 2);
  if (found.span === null) return { where: found.where, text: null, at: null, matched: extraction.matched };
  const text = (found.where === 'prompt' ? (prompt ?? '') : answer).slice(found.span.start, found.span.end);
  return { where: found.where, text, at: found.span.start, matched: extraction.matched };
}

describe('locateMatch', () => {
  it('strict: the first "The answer is" followed by an answer, not an earlier one without', () => {
    const answer = 'So the answer is unclear at first. Then the answer is 42 apples.';
    expect(located('gsm8k', 'strict', answer)).toMatchObject({ where: 'answer', text: 'the answer is 42', at: answer.indexOf('the answer is 42') });
  });

  it('strict on CSQA: skips the article, takes the letter', () => {
    const answer = 'The answer is a bank. So the answer is (B).';
    expect(located('csqa', 'strict', answer)).toMatchObject({ where: 'answer', text: 'the answer is (B)' });
  });

  it('flexible: the last number with a value, not an earlier copy and not a fraction over zero', () => {
    const answer = '12 is a lot. We have 12 items, then 6/0 of them.';
    expect(located('gsm8k', 'flexible', answer)).toMatchObject({ where: 'answer', text: '12', at: answer.lastIndexOf('12') });
  });

  it('flexible: the last (X) choice', () => {
    const answer = 'Either (A) or (B)? I pick (B) then.';
    expect(located('csqa', 'flexible', answer)).toMatchObject({ where: 'answer', text: '(B)', at: answer.lastIndexOf('(B)') });
  });

  it('flexible stops at the next invented question, as the rule does', () => {
    const answer = 'It is 5.\nQ: And 9?\nA: 9';
    expect(located('gsm8k', 'flexible', answer)).toMatchObject({ where: 'answer', text: '5', at: 6 });
  });

  it('reference on GSM8K: the first integer after the completion\'s first "the answer is", commas included in the span', () => {
    const answer = 'So 1,000 + 5. The answer is 1,005 apples. The answer is 9.';
    expect(located('gsm8k', 'reference', answer)).toMatchObject({ where: 'answer', text: '1,005', matched: '1005' });
  });

  it('reference on GSM8K: a number read from the question is shown in the prompt', () => {
    expect(located('gsm8k', 'reference', 'I do not know.')).toMatchObject({ where: 'prompt', text: '7', at: GSM8K_PROMPT.indexOf('7 apples') });
  });

  it('reference on CSQA: the (shots+1)-th "The answer is X" of prompt and answer', () => {
    const answer = 'Think. The answer is C. The answer is A.';
    expect(located('csqa', 'reference', answer)).toMatchObject({ where: 'answer', text: 'The answer is C', at: 7 });
  });

  it('nothing matched, nothing located; the random fallback has no text', () => {
    expect(located('gsm8k', 'strict', 'no idea')).toMatchObject({ where: null, text: null });
    expect(located('gsm8k', 'reference', 'no digits', 'no answer phrase either ')).toMatchObject({ where: null, text: null, matched: null });
  });

  it('reference without the prompt file: the matched text in the answer, if it is there', () => {
    expect(located('gsm8k', 'reference', 'The answer is 8.', null)).toMatchObject({ where: 'answer', text: '8' });
  });

  it('a text whose lower case changes its length is not located rather than located wrongly', () => {
    const answer = 'İİ The answer is 12. The answer is 3.';
    expect(located('gsm8k', 'reference', answer)).toMatchObject({ where: null, text: null });
  });
});
