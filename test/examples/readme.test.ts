import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

describe('the README', () => {
  it('shows the toy model exactly as examples/dieHard.ts has it', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const block = /## Using raft-check as a library[^]*?```ts\n([^]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(new URL('examples/dieHard.ts', root), 'utf8'));
  });

  it('runs the toy model to the shortest Die Hard solution', () => {
    const out = execFileSync(process.execPath, [new URL('dist/examples/dieHard.js', root).pathname], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(
      'NotFourGallons fails: Init → FillBig → BigToSmall → EmptySmall → BigToSmall → FillBig → BigToSmall',
    );
  });
});
