import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

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

/** The TypeScript blocks of the README's library section, in order. */
function librarySectionBlocks(): string[] {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const section = /## Using raft-check as a library\n([^]*?)(\n## |$)/.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]!);
}

describe("the README's library section", () => {
  // Inside the repository, so that `'raft-check'` resolves to this package (Node's self-reference, dist/).
  const dir = mkdtempSync(join(fileURLToPath(root), '.readme-blocks-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const blocks = librarySectionBlocks();
  // The Die Hard block is imported by the contract test's block as './dieHard.js'.
  const files = blocks.map((text, k) => {
    const file = join(dir, text.includes('export const dieHard') ? 'dieHard.ts' : `block${k}.ts`);
    writeFileSync(file, text);
    return file;
  });

  it('has the blocks this test knows: the Die Hard model, its contract test, a Raft invariant, its coverage', () => {
    expect(blocks.length).toBe(4);
  });

  it('type-checks every block against the package as a user imports it', () => {
    const program = ts.createProgram(files, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  /** What the block that contains `marker` prints, run as the package's user runs it. */
  const output = (marker: string, name: string): string => {
    const block = blocks.find((b) => b.includes(marker))!;
    const file = join(dir, name);
    writeFileSync(file, ts.transpileModule(block, { compilerOptions: { module: ts.ModuleKind.ESNext } }).outputText);
    return execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim();
  };
  const readme = (): string => readFileSync(new URL('README.md', root), 'utf8').replace(/\s+/g, ' ');

  it('runs the Raft invariant block, which prints what the README says', () => {
    const out = output('check(model)', 'raftInvariant.mjs');
    expect(readme()).toContain(`It prints \`${out}\``);
    expect(out).toMatch(/^ok: \d+ distinct states$/);
  });

  it("runs the coverage block, which prints the README's lines, the user's invariant among them", () => {
    const lines = output('raftCoverage(', 'raftCoverage.mjs').split('\n');
    expect(lines).toContain("LeadersVoteForThemselves: it tests 'Leader', a role no explored state had");
    for (const line of lines) expect(readme()).toContain(`\`${line}\``);
    expect(readme()).toContain(`so it prints, one line each,`);
    expect(lines.length).toBe(6);
  });
});
