// CommonsenseQA record → item: the stem stripped (as the reference code does), five choices A–E, answerKey.
import { pythonStrip } from '../util/python-strip.js';
import { RecordError, field, stringField } from './record-error.js';
import type { Choice, Item } from './types.js';

const LABELS = ['A', 'B', 'C', 'D', 'E'];

export function mapCsqaRecord(record: unknown, index: number): Item {
  const id = stringField(record, 'id');
  const gold = stringField(record, 'answerKey');
  if (!LABELS.includes(gold)) throw new RecordError(`"answerKey" is "${gold}", not one of A–E`);
  const question = field(record, 'question');
  const stem = stringField(question, 'stem', 'question.stem');
  const choices = field(question, 'choices', 'question.choices');
  if (!Array.isArray(choices)) throw new RecordError('"question.choices" is not a list');
  if (choices.length !== LABELS.length) {
    throw new RecordError(`"question.choices" has ${choices.length} choices, not 5`);
  }
  // Choice texts stay as given: one train record has a choice with surrounding white space, and the
  // reference code shows it unchanged.
  const mapped: Choice[] = choices.map((choice, i) => {
    const label = stringField(choice, 'label', `question.choices[${i}].label`);
    const text = stringField(choice, 'text', `question.choices[${i}].text`);
    if (label !== LABELS[i]) throw new RecordError(`"question.choices[${i}].label" is "${label}", expected "${LABELS[i]}"`);
    return { label, text };
  });
  return { id, index, dataset: 'csqa', question: pythonStrip(stem), choices: mapped, gold };
}
