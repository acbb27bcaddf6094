/**
 * `npm run test:pack`: the package as a user gets it. Packs the repository (`npm pack`, after `npm run build`),
 * installs the tarball into an empty project in a temporary folder with `npm install --prefer-offline` (the
 * dependencies' tarballs come from npm's cache, filled by `npm ci`; only their version lists are asked of the
 * registry, which `--offline` cannot do without: npm ci caches tarballs, not version lists), and there runs `npx raft-check --version`, a tiny check, a small
 * ESM program that defines its own model and imports { check, encodeValue, checkModelContract } from
 * 'raft-check', and a type check of the same program in TypeScript against the package's declarations.
 * Prints one line per step; exits 1 on the first failure. Run by .ci/run after `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cwd: string, command: string, args: readonly string[]): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function expectThat(ok: boolean, what: string): void {
  if (!ok) throw new Error(`pack test: ${what}`);
  console.log(`ok: ${what}`);
}

/** The user's own model: a counter that steps by 1 or 2 up to a cap, with an invariant that breaks at 5. */
const PROGRAM = `import { check, checkModelContract, encodeValue } from 'raft-check';

const counter = {
  initialStates: () => [0],
  next: (n) => [
    { action: 'inc1', state: n + 1 },
    { action: 'inc2', state: n + 2 },
  ],
  invariants: [{ name: 'BelowFive', holds: (n) => n < 5 }],
  bounds: [{ name: 'cap', holds: (n) => n <= 6 }],
  encode: (n, out) => encodeValue(n, out),
  actionName: (a) => a,
  formatAction: (a) => a,
};

const contract = checkModelContract(counter);
if (!contract.ok) throw new Error(contract.problem);
const result = check(counter);
console.log(JSON.stringify({ kind: result.kind, invariant: result.invariant, length: result.trace.length }));
`;

const TYPED = `import { check, encodeValue, type Model } from 'raft-check';

const counter: Model<number, string> = {
  initialStates: () => [0],
  next: (n) => [{ action: 'inc', state: n + 1 }],
  invariants: [{ name: 'Small', holds: (n) => n < 3 }],
  bounds: [],
  encode: (n, out) => {
    encodeValue(n, out);
  },
  actionName: (a) => a,
  formatAction: (a) => a,
};
const kind: 'ok' | 'violation' | 'incomplete' = check(counter).kind;
export { kind };
`;

const dir = mkdtempSync(join(tmpdir(), 'raft-check-pack-'));
try {
  const tarball = run(repo, npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir]).trim();
  const listed = run(repo, npm, ['pack', '--ignore-scripts', '--dry-run', '--json']);
  const files = (JSON.parse(listed) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  expectThat(
    files.includes('dist/index.js') && files.includes('dist/index.d.ts') && files.includes('dist/cli/main.js'),
    `the tarball ${tarball} holds dist/ (${files.length} files)`,
  );
  const project = join(dir, 'project');
  run(dir, 'mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  run(project, npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(dir, tarball)]);
  expectThat(true, 'npm install --prefer-offline of the tarball into an empty project');
  const printed = run(project, 'npx', ['--offline', 'raft-check', '--version']).trim();
  expectThat(printed === version, `npx raft-check --version prints ${version}`);
  const checked = run(project, 'npx', [
    '--offline',
    'raft-check',
    '--servers',
    '2',
    '--max-term',
    '1',
    '--max-log',
    '0',
    '--quiet',
  ]);
  expectThat(/result: ok/.test(checked), 'npx raft-check runs a tiny check that holds');
  writeFileSync(join(project, 'counter.mjs'), PROGRAM);
  const out = JSON.parse(run(project, process.execPath, ['counter.mjs'])) as Record<string, unknown>;
  expectThat(
    out.kind === 'violation' && out.invariant === 'BelowFive' && out.length === 4,
    "a user's model imported { check, encodeValue, checkModelContract } from 'raft-check' and found its violation",
  );
  // The README's library example (examples/dieHard.ts, which imports from 'raft-check'), compiled, run there.
  writeFileSync(join(project, 'dieHard.mjs'), readFileSync(join(repo, 'dist', 'examples', 'dieHard.js'), 'utf8'));
  const dieHard = run(project, process.execPath, ['dieHard.mjs']).trim();
  expectThat(dieHard.startsWith('NotFourGallons fails: Init → FillBig'), `the README's example runs: ${dieHard}`);
  writeFileSync(join(project, 'counter.ts'), TYPED);
  run(project, process.execPath, [
    join(repo, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--noEmit',
    '--strict',
    '--skipLibCheck',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    'counter.ts',
  ]);
  expectThat(true, "a TypeScript program type-checks against the package's declarations");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
