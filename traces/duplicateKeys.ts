/**
 * JSON.parse keeps the last of two equal keys in an object and says nothing; a trace or event whose record names a
 * field twice is ambiguous, and reading it silently would replay something the writer may not have meant. This
 * scanner finds the first duplicate key in well-formed JSON text (run it after JSON.parse has accepted the text),
 * in one pass without building values.
 */

/** The first key that appears twice in one object of `text`, with the path of that object; undefined if none. */
export function findDuplicateKey(text: string): { key: string; path: string } | undefined {
  // One frame per open object or array: the keys seen (objects), the path, and the next array index.
  const stack: { keys: Set<string> | undefined; path: string; index: number }[] = [];
  let pendingKey: string | undefined;
  let k = 0;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return '';
    if (top.keys === undefined) return `${top.path}[${top.index}]`;
    return top.path === '' ? (pendingKey ?? '') : `${top.path}.${pendingKey ?? ''}`;
  };
  while (k < text.length) {
    const c = text[k]!;
    if (c === '"') {
      let end = k + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      // A string directly inside an object, before its colon, is a key.
      let after = end + 1;
      while (after < text.length && /\s/.test(text[after]!)) after++;
      if (top?.keys !== undefined && text[after] === ':') {
        const key = JSON.parse(text.slice(k, end + 1)) as string;
        if (top.keys.has(key)) return { key, path: top.path };
        top.keys.add(key);
        pendingKey = key;
      }
      k = end + 1;
    } else if (c === '{' || c === '[') {
      const path = childPath();
      stack.push({ keys: c === '{' ? new Set() : undefined, path, index: 0 });
      k++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      k++;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.keys === undefined) top.index++;
      k++;
    } else {
      k++;
    }
  }
  return undefined;
}
