// CSQA mapper: stem stripped the way Python strips it, choices untouched; each malformed kind is named.
import { describe, expect, it } from 'vitest';
import { mapCsqaRecord } from '../../src/datasets/csqa.js';
import { RecordError } from '../../src/datasets/record-error.js';

const TEXTS = ['rock', 'tree ', ' river', 'cloud', 'bird'];

function record(overrides: { answerKey?: unknown; id?: unknown; stem?: unknown; choices?: unknown } = {}): Record<string, unknown> {
  return {
    answerKey: 'answerKey' in overrides ? overrides.answerKey : 'C',
    id: 'id' in overrides ? overrides.id : '0123456789abcdef0123456789abcdef',
    question: {
      question_concept: 'nature',
      choices: 'choices' in overrides ? overrides.choices : TEXTS.map((text, i) => ({ label: 'ABCDE'[i], text })),
      stem: 'stem' in overrides ? overrides.stem : 'Where  does water flow?',
    },
  };
}

describe('mapCsqaRecord', () => {
  it('keeps the id, the answerKey and the choices as given', () => {
    expect(mapCsqaRecord(record(), 3)).toEqual({
      id: '0123456789abcdef0123456789abcdef',
      index: 3,
      dataset: 'csqa',
      question: 'Where  does water flow?',
      choices: [
        { label: 'A', text: 'rock' },
        { label: 'B', text: 'tree ' },
        { label: 'C', text: ' river' },
        { label: 'D', text: 'cloud' },
        { label: 'E', text: 'bird' },
      ],
      gold: 'C',
    });
  });

  it.each([
    ['spaces', '  Where?  ', 'Where?'],
    ['tabs and newlines', '\t\nWhere?\r\n', 'Where?'],
    ['inner double space kept', ' Where  now? ', 'Where  now?'],
    ['U+0085 and U+001F, which Python strips', '\u0085Where?\u001f', 'Where?'],
    ['U+FEFF, which Python keeps', '\ufeffWhere?', '\ufeffWhere?'],
    ['no-break space', '\u00a0Where?\u3000', 'Where?'],
  ])('strips the stem: %s', (_, stem, question) => {
    expect(mapCsqaRecord(record({ stem }), 0).question).toBe(question);
  });

  const five = (labels: string[]) => labels.map((label) => ({ label, text: 'x' }));
  it.each([
    ['not an object', 'text', 'is not a JSON object'],
    ['no id', (() => { const r = record(); delete r.id; return r; })(), 'has no "id"'],
    ['id not a string', record({ id: 7 }), '"id" is not a string'],
    ['answerKey F', record({ answerKey: 'F' }), '"answerKey" is "F", not one of A–E'],
    ['answerKey lower case', record({ answerKey: 'c' }), '"answerKey" is "c", not one of A–E'],
    ['question not an object', { answerKey: 'A', id: 'x', question: 'Why?' }, '"question" is not a JSON object'],
    ['no stem', { answerKey: 'A', id: 'x', question: { choices: five(['A', 'B', 'C', 'D', 'E']) } }, 'has no "question.stem"'],
    ['no choices', { answerKey: 'A', id: 'x', question: { stem: 'Why?' } }, 'has no "question.choices"'],
    ['choices not a list', record({ choices: {} }), '"question.choices" is not a list'],
    ['four choices', record({ choices: five(['A', 'B', 'C', 'D']) }), '"question.choices" has 4 choices, not 5'],
    ['six choices', record({ choices: five(['A', 'B', 'C', 'D', 'E', 'F']) }), '"question.choices" has 6 choices, not 5'],
    ['labels out of order', record({ choices: five(['A', 'B', 'D', 'C', 'E']) }), '"question.choices[2].label" is "D", expected "C"'],
    ['a choice not an object', record({ choices: ['a', 'b', 'c', 'd', 'e'] }), '"question.choices[0]" is not a JSON object'],
    ['a choice without text', record({ choices: [...five(['A', 'B', 'C', 'D']), { label: 'E' }] }), 'has no "question.choices[4].text"'],
  ])('%s', (_, input, message) => {
    expect(() => mapCsqaRecord(input, 0)).toThrow(new RecordError(message));
  });
});
