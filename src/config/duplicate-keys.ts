// Keys written twice in one JSON object, which JSON.parse accepts silently (the last wins): found in the text itself (pure).

export interface DuplicateKey {
  key: string;
  /** JSON path of the object holding it, e.g. `models.teacher`; '' for the top level. */
  at: string;
  line: number;
  column: number;
}

interface Frame {
  kind: 'object' | 'array';
  path: string;
  keys: Set<string>;
  /** For an object: the key whose value comes next; for an array: the next index. */
  next: string | number;
}

const child = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;

/** Every duplicate key of `text`, which must already be valid JSON. */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  // Inside an object, a string is a key when it comes where a key may (after `{` or `,`).
  let expectKey = false;
  const valuePath = () => {
    const top = stack[stack.length - 1];
    return top === undefined ? '' : child(top.path, top.next);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line += 1;
      lineStart = i + 1;
    } else if (c === '"') {
      const start = i;
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === 'object') {
        const key = JSON.parse(text.slice(start, j + 1)) as string;
        if (top.keys.has(key)) found.push({ key, at: top.path, line, column: start - lineStart + 1 });
        top.keys.add(key);
        top.next = key;
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ kind: c === '{' ? 'object' : 'array', path: valuePath(), keys: new Set(), next: 0 });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.next = (top.next as number) + 1;
      expectKey = top?.kind === 'object';
    }
  }
  return found;
}
