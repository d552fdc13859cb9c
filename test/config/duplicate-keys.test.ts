// Keys written twice in one JSON object, found in the text: strings holding braces, quotes and commas do not fool it.
import { describe, expect, it } from 'vitest';
import { duplicateKeys } from '../../src/config/duplicate-keys.js';

describe('duplicateKeys', () => {
  it('finds a key twice in one object, not the same key in two objects', () => {
    const text = '{"a": {"x": 1, "y": "{\\"x\\": 2, }"}, "b": [{"x": 1}, {"x": 2, "z": [1, {"q": 1, "q": 2}]}], "a": 3}';
    expect(duplicateKeys(text)).toEqual([
      { key: 'q', at: 'b[1].z[1]', line: 1, column: 81 },
      { key: 'a', at: '', line: 1, column: 93 },
    ]);
  });

  it('finds nothing in a config without repeats, and names odd keys as the schema paths do', () => {
    expect(duplicateKeys('{"models": {"teacher 13b": {"kind": "vllm"}, "s": {"kind": "vllm"}}}')).toEqual([]);
    expect(duplicateKeys('{"models": {"teacher 13b": {"k": 1,\n "k": 2}}}')).toEqual([{ key: 'k', at: 'models["teacher 13b"]', line: 2, column: 2 }]);
  });
});
