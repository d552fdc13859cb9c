// The #### rule: GSM8K's own answer marker, the first one followed by an answer in the answer block.
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { csqaInput, gsm8kInput } from './helpers.js';

describe('#### rule', () => {
  it.each([
    ['GSM8K style', 'Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n#### 72', '72', '#### 72'],
    ['no space', 'So 72.\n####72', '72', '####72'],
    ['money and thousands', '#### $1,234', '1234', '#### $1,234'],
    ['bold', '#### **18**', '18', '#### **18'],
    ['the first marker with a number', '#### Step one\nthen #### 9 and #### 10', '9', '#### 9'],
    ['a decimal', '#### 0.5', '0.5', '#### 0.5'],
  ])('%s', (_name, answer, expected, matched) => {
    expect(extract('####', gsm8kInput(answer))).toEqual({ rule: '####', answer: expected, fired: 'marker', matched, fallback: false });
  });

  it.each([
    ['no marker', 'The answer is 7.'],
    ['a markdown heading', '#### Step 1: add'],
    ['five hashes', '##### 5'],
    ['a marker only in the invented next question', 'He has 4.\nQ: Tom has 9.\nA: #### 9'],
  ])('no answer: %s', (_name, answer) => {
    expect(extract('####', gsm8kInput(answer))).toEqual({ rule: '####', answer: null, fired: 'none', matched: null, fallback: false });
  });

  it('reads a choice letter on csqa', () => {
    expect(extract('####', csqaInput('A bank keeps money.\n#### B')).answer).toBe('B');
    expect(extract('####', csqaInput('#### (d)')).answer).toBe('D');
    expect(extract('####', csqaInput('#### bank')).answer).toBeNull();
  });
});
