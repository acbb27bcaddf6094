/**
 * `npm run docs:check`: re-runs the commands the docs show and compares what they print with what the docs say,
 * so that a figure in the docs cannot drift from the code unnoticed.
 *
 * A documented run is marked by an HTML comment on one line (invisible on GitHub) before the text it backs:
 *
 *     <!-- docs:check run="raft-check --servers 2 --bug double-vote" exit=1 fast -->
 *
 * - `run`: the shell command, as a reader types it (`raft-check` and `npx raft-check` run this checkout's
 *   bin/raft-check.js); the commands of one file run in order in one scratch folder, so a later one can read a
 *   file an earlier one wrote; `$REPO` is the checkout, for the files it holds;
 * - `exit`: the exit code the docs promise (default 0);
 * - `expect="text"` (repeatable): text the output must contain, for figures written in prose;
 * - `stderr`: compare stdout and stderr together (default stdout alone);
 * - `fast`: part of the subset the test suite runs (test/docs/docsCheck.test.ts); the rest run in
 *   `npm run docs:check` only.
 *
 * When a fenced block follows the comment (blank lines between are allowed), its lines must appear in the output
 * in order and contiguously, a line `...` standing for any number of lines. Times are not compared: a line
 * starting `time:` matches any such line, and every `1.23 s`, `45 ms` and `6,789 .../s` is read as a number
 * of its unit. A drift is reported as `file:line: ...` and the command exits 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One documented run: where it is, what to run, and what the docs say it prints. */
export interface DocRun {
  readonly file: string;
  /** 1-based line of the comment. */
  readonly line: number;
  readonly command: string;
  readonly exit: number;
  readonly expect: readonly string[];
  readonly stderr: boolean;
  readonly fast: boolean;
  /** The fenced block after the comment, with the 1-based line of its first content line; absent without one. */
  readonly block?: { readonly lines: readonly string[]; readonly firstLine: number };
}

/** A place where the docs and the output disagree. */
export interface Drift {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

const MARK = /^\s*<!--\s*docs:check\s+([\s\S]*?)-->\s*$/;
const ATTRIBUTE = /(\w+)(?:="((?:[^"\\]|\\.)*)"|=(\S+))?/g;

/** The documented runs of one markdown text (`file` is only carried into the result). */
export function parseDocRuns(file: string, text: string): DocRun[] {
  const lines = text.split('\n');
  const runs: DocRun[] = [];
  for (let i = 0; i < lines.length; i++) {
    const mark = MARK.exec(lines[i]!);
    if (mark === null) continue;
    let command: string | undefined;
    let exit = 0;
    const expect: string[] = [];
    let stderr = false;
    let fast = false;
    for (const a of mark[1]!.matchAll(ATTRIBUTE)) {
      const [, key, quoted, bare] = a;
      const value = (quoted ?? bare)?.replace(/\\(.)/g, '$1');
      if (key === 'run' && value !== undefined) command = value;
      else if (key === 'exit' && value !== undefined && /^\d+$/.test(value)) exit = Number(value);
      else if (key === 'expect' && value !== undefined) expect.push(value);
      else if (key === 'stderr' && value === undefined) stderr = true;
      else if (key === 'fast' && value === undefined) fast = true;
      else throw new Error(`${file}:${i + 1}: docs:check: cannot read '${a[0]}'`);
    }
    if (command === undefined) throw new Error(`${file}:${i + 1}: docs:check: no run="..."`);
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    let block: DocRun['block'];
    if (j < lines.length && /^```/.test(lines[j]!)) {
      const end = lines.findIndex((l, k) => k > j && /^```\s*$/.test(l));
      if (end < 0) throw new Error(`${file}:${j + 1}: docs:check: the fenced block never closes`);
      block = { lines: lines.slice(j + 1, end), firstLine: j + 2 };
    }
    runs.push({ file, line: i + 1, command, exit, expect, stderr, fast, ...(block === undefined ? {} : { block }) });
  }
  return runs;
}

/** A line with its times read as numbers of their unit, so that a timing never counts as drift. */
export function withoutTimings(line: string): string {
  if (/^\s*time:/.test(line)) return 'time: #';
  return (
    line
      .trimEnd()
      // The space before a time goes with it: a column padded to the time's width is not drift either.
      .replace(/\s*\b\d[\d,]*(\.\d+)?\s?(s|ms)\b/g, ' # $2')
      .replace(/\b\d[\d,]*(\.\d+)? ([\w ]+)\/s\b/g, '# $2/s')
  );
}

/**
 * Where the block's lines (`...` for any lines) depart from `output`: undefined when every segment between two
 * `...` appears in order and contiguously, else the 0-based index of the first line of the block that does not
 * match, with the output line found in its place.
 */
export function compareBlock(
  block: readonly string[],
  output: readonly string[],
): { readonly index: number; readonly found: string | undefined } | undefined {
  const out = output.map(withoutTimings);
  let cursor = 0;
  let k = 0;
  while (k < block.length) {
    if (block[k]!.trim() === '...') {
      k++;
      continue;
    }
    let end = k;
    while (end < block.length && block[end]!.trim() !== '...') end++;
    const segment = block.slice(k, end).map(withoutTimings);
    // A segment that follows `...` (or starts the block) may start anywhere further on; the best candidate is the
    // one that matches longest, so the drift reported is the first line that truly differs.
    let best = { at: -1, matched: -1 };
    for (let at = cursor; at < out.length; at++) {
      let m = 0;
      while (m < segment.length && out[at + m] === segment[m]) m++;
      if (m > best.matched) best = { at, matched: m };
      if (m === segment.length) break;
    }
    if (best.matched < segment.length) {
      if (best.matched <= 0) {
        // Nothing matched from the segment's first line: the line with the same label (`states:`) is its drift.
        const label = /^\s*[^:\s][^:]*:/.exec(segment[0]!)?.[0];
        const same = label === undefined ? -1 : out.findIndex((l, at) => at >= cursor && l.startsWith(label));
        return { index: k, found: same < 0 ? undefined : output[same] };
      }
      return { index: k + best.matched, found: output[best.at + best.matched] };
    }
    cursor = best.at + segment.length;
    k = end;
  }
  return undefined;
}

/** The repository this script belongs to (dist/scripts/ or scripts/ below it). */
export function repoRootOf(url: string): string {
  const here = fileURLToPath(new URL('.', url));
  return join(here, here.includes(join('dist', 'scripts')) ? '../..' : '..');
}

/** Every markdown file the docs check reads: README.md and docs/*.md. */
export function docFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(root, 'docs', f));
  return [join(root, 'README.md'), ...docs];
}

/** Runs `runs` (those of one file, in order, in one scratch folder) and returns where they drift. */
export function checkDocRuns(root: string, runs: readonly DocRun[], timeoutMs = 900_000): Drift[] {
  const drifts: Drift[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'docs-check-'));
  const bin = join(root, 'bin', 'raft-check.js');
  try {
    for (const run of runs) {
      const script = `raft_check() { "${process.execPath}" "${bin}" "$@"; }\n${run.command
        .replace(/\bnpx raft-check\b/g, 'raft_check')
        .replace(/\braft-check\b/g, 'raft_check')}${run.stderr ? ' 2>&1' : ' 2>/dev/null'}`;
      const r = spawnSync('sh', ['-c', script], {
        cwd: scratch,
        env: { ...process.env, REPO: root },
        encoding: 'utf8',
        timeout: timeoutMs,
        maxBuffer: 256 << 20,
      });
      const at = (line: number, problem: string): void => {
        drifts.push({ file: run.file, line, problem });
      };
      if (r.error !== undefined || r.status === null) {
        at(run.line, `\`${run.command}\` did not finish (${r.error?.message ?? `signal ${String(r.signal)}`})`);
        continue;
      }
      if (r.status !== run.exit) at(run.line, `\`${run.command}\` exits ${r.status}, the docs say ${run.exit}`);
      const output = r.stdout.split('\n');
      const text = output.map(withoutTimings).join('\n');
      for (const e of run.expect) {
        if (!text.includes(withoutTimings(e))) at(run.line, `\`${run.command}\` does not print '${e}'`);
      }
      if (run.block !== undefined) {
        const d = compareBlock(run.block.lines, output);
        if (d !== undefined) {
          const shown = run.block.lines[d.index]!;
          at(
            run.block.firstLine + d.index,
            d.found === undefined
              ? `\`${run.command}\` does not print '${shown.trim()}'`
              : `the docs say '${shown.trim()}', \`${run.command}\` prints '${d.found.trim()}'`,
          );
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return drifts;
}

/** Every documented run of the docs (only the `fast` ones when asked), checked; the drifts found. */
export function docsCheck(root: string, options: { fast?: boolean; files?: readonly string[] } = {}): Drift[] {
  const files = options.files ?? docFiles(root);
  const drifts: Drift[] = [];
  for (const path of files) {
    const file = relative(root, path);
    const runs = parseDocRuns(file, readFileSync(path, 'utf8')).filter((r) => options.fast !== true || r.fast);
    if (runs.length === 0) continue;
    const started = performance.now();
    const found = checkDocRuns(root, runs);
    drifts.push(...found);
    if (options.fast !== true) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${file}: ${runs.length} runs, ${found.length} drifts (${seconds} s)`);
    }
  }
  return drifts;
}

function main(args: readonly string[]): number {
  const root = repoRootOf(import.meta.url);
  const fast = args.includes('--fast');
  const files = args.filter((a) => !a.startsWith('--')).map((f) => join(root, f));
  const drifts = docsCheck(root, { fast, ...(files.length === 0 ? {} : { files }) });
  for (const d of drifts) console.log(`${d.file}:${d.line}: ${d.problem}`);
  console.log(drifts.length === 0 ? 'docs:check: ok' : `docs:check: ${drifts.length} drifts`);
  return drifts.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
