// GSM8K mapper: good records give the question as is and the comma-free gold; each malformed kind is named.
import { describe, expect, it } from 'vitest';
import { mapGsm8kRecord } from '../../src/datasets/gsm8k.js';
import { RecordError } from '../../src/datasets/record-error.js';

describe('mapGsm8kRecord', () => {
  it.each([
    ['plain', 'Two steps.\n#### 18', '18'],
    ['thousands separator', 'Big.\n#### 2,125', '2125'],
    ['two separators', 'Bigger.\n#### 1,450,000', '1450000'],
    ['negative', 'Colder.\n#### -3', '-3'],
    ['decimal', 'Half.\n#### 2.5', '2.5'],
    ['trailing white space', 'Step.\n#### 7 \n', '7'],
    ['a "#### " earlier in the text', 'Not #### this.\n#### 9', '9'],
  ])('%s', (_, answer, gold) => {
    const item = mapGsm8kRecord({ question: ' Keep  me as is ', answer }, 4);
    expect(item).toEqual({ id: 'gsm8k-4', index: 4, dataset: 'gsm8k', question: ' Keep  me as is ', gold });
  });

  it.each([
    ['not an object', [1, 2], 'is not a JSON object'],
    ['null', null, 'is not a JSON object'],
    ['no question', { answer: '#### 1' }, 'has no "question"'],
    ['no answer', { question: 'q' }, 'has no "answer"'],
    ['question not a string', { question: 3, answer: '#### 1' }, '"question" is not a string'],
    ['answer not a string', { question: 'q', answer: 18 }, '"answer" is not a string'],
    ['no marker', { question: 'q', answer: 'The answer is 5' }, '"answer" has no "#### " line'],
    ['marker not on the last line', { question: 'q', answer: '#### 5\nthen more' }, '"answer" does not end with its "#### " line'],
    ['not a number', { question: 'q', answer: 'x\n#### five' }, '"answer" ends with "#### five", not a number'],
    ['empty value', { question: 'q', answer: 'x\n#### ' }, '"answer" ends with "#### ", not a number'],
    ['empty answer', { question: 'q', answer: '' }, '"answer" has no "#### " line'],
    ['units', { question: 'q', answer: 'x\n#### $5' }, '"answer" ends with "#### $5", not a number'],
  ])('%s', (_, record, message) => {
    expect(() => mapGsm8kRecord(record, 0)).toThrow(new RecordError(message));
  });
});
