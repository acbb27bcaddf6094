/**
 * Failures of the machine and hostile inputs, each through the built bin (build first to run this file alone):
 * one line on stderr, the right exit code (1 is only ever a violation), no stack trace. The cases are those of
 * issue 24, one row each. A full disk was run by hand on a 2 MiB tmpfs (mounting one needs root): the same path as
 * the write that fails here on /dev/full.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../bench/tlcConfigs.js';

const scratch = mkdtempSync(join(tmpdir(), 'failures-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const at = (name: string): string => join(scratch, name);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node [nodeFlags] bin/raft-check.js args` (under `sh -c` with a prefix), sending `signal` once it reports progress. */
function run(
  args: readonly string[],
  how: { shell?: string; node?: string[]; signal?: NodeJS.Signals } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const command = [process.execPath, ...(how.node ?? []), 'bin/raft-check.js', ...args];
    const child =
      how.shell === undefined
        ? spawn(command[0]!, command.slice(1), { cwd: repoRoot() })
        : spawn('sh', ['-c', `${how.shell}; exec "$@"`, 'sh', ...command], { cwd: repoRoot() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // The signal goes with the first progress line: the run is under way, its handlers listening.
    child.stderr.on('data', (d: Buffer) => {
      if (stderr === '' && how.signal !== undefined) child.kill(how.signal);
      stderr += d.toString();
    });
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const SMALL = ['--servers', '2', '--max-term', '2', '--quiet'];

// Fixtures, made once.
mkdirSync(at('full'));
symlinkSync('/dev/full', join(at('full'), 'parents.bin'));
mkdirSync(at('full-etcd'));
symlinkSync('/dev/full', join(at('full-etcd'), 'parents.bin'));
mkdirSync(at('held'));
writeFileSync(join(at('held'), 'lock'), `${process.pid}\n`);
mkdirSync(at('stale'));
writeFileSync(join(at('stale'), 'lock'), '2147483646\n');
writeFileSync(at('readonly.itf.json'), 'keep me');
chmodSync(at('readonly.itf.json'), 0o444);
writeFileSync(at('deep.itf.json'), `{"vars":["x"],"states":[{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`);
writeFileSync(at('big.itf.json'), ' '.repeat(8 << 20));
const header = (flags: object): string =>
  `${JSON.stringify({ type: 'header', flags })}\n{"type":"timeout","server":"s1","term":2}\n`;
writeFileSync(at('frontier.ndjson'), header({ 'max-frontier': -1 }));
writeFileSync(at('candidates.ndjson'), header({ candidates: 'lots' }));
writeFileSync(at('term.ndjson'), '{"type":"timeout","server":"s1","term":1e300}\n');

type Row = readonly [name: string, args: readonly string[], how: Parameters<typeof run>[1], code: number, line: RegExp];

const ROWS: readonly Row[] = [
  [
    '--checkpoint /proc/self (once a recursive mkdir that never ended)',
    [...SMALL, '--checkpoint', '/proc/self', '--checkpoint-every', '0'],
    {},
    5,
    /^raft-check: --checkpoint \/proc\/self: cannot make files there \(ENOENT: .*\)$/,
  ],
  [
    '--work-dir /proc/self',
    [...SMALL, '--work-dir', '/proc/self'],
    {},
    5,
    /^raft-check: --work-dir \/proc\/self: cannot make files there \(ENOENT: .*\)$/,
  ],
  [
    '--work-dir /proc/self for the etcd check and for a liveness run (one check for every command)',
    ['--profile', 'etcd', '--quiet', '--work-dir', '/proc/self'],
    {},
    5,
    /^raft-check: --work-dir \/proc\/self: cannot make files there \(ENOENT: .*\)$/,
  ],
  [
    '--work-dir that is not a directory, for a liveness run',
    [...SMALL, '--properties', 'EventuallyLeader', '--work-dir', at('readonly.itf.json')],
    {},
    2,
    /^raft-check: --work-dir .*readonly\.itf\.json is not a directory$/,
  ],
  [
    'a write under --checkpoint that fails',
    [...SMALL, '--workers', '1', '--checkpoint', at('full'), '--checkpoint-every', '0'],
    {},
    5,
    /^raft-check: the machine failed: E[A-Z]+: .*; the work files were removed; no checkpoint was completed in .*full$/,
  ],
  [
    'a write under --checkpoint that fails, for the etcd check (once exit 3, as if merely incomplete)',
    [
      '--profile',
      'etcd',
      '--servers',
      '2',
      '--quiet',
      '--workers',
      '1',
      '--checkpoint',
      at('full-etcd'),
      '--checkpoint-every',
      '0',
    ],
    {},
    5,
    /^raft-check: the machine failed: E[A-Z]+: .*; the work files were removed; no checkpoint was completed in .*full-etcd$/,
  ],
  [
    'a checkpoint directory another run holds',
    [...SMALL, '--checkpoint', at('held')],
    {},
    5,
    new RegExp(
      `^raft-check: --checkpoint .*held: another run \\(process ${process.pid}\\) is checkpointing into this directory; wait for it to end or give another directory$`,
    ),
  ],
  [
    'the etcd check on a checkpoint directory another run holds',
    ['--profile', 'etcd', '--quiet', '--max-states', '1000', '--checkpoint', at('held')],
    {},
    5,
    new RegExp(
      `^raft-check: --checkpoint .*held: another run \\(process ${process.pid}\\) is checkpointing into this directory; wait for it to end or give another directory$`,
    ),
  ],
  [
    '--resume A --checkpoint B',
    [...SMALL, '--resume', at('full'), '--checkpoint', at('held')],
    {},
    2,
    /^raft-check: --resume .*full --checkpoint .*held: a resumed run keeps checkpointing into the directory it resumes from; give --resume alone$/,
  ],
  ["--out ''", [...SMALL, '--out', ''], {}, 2, /^raft-check: --out takes a file name, got ''$/],
  [
    '--out over a read-only file',
    [...SMALL, '--bug', 'double-vote', '--out', at('readonly.itf.json')],
    {},
    2,
    /^raft-check: --out: .*readonly\.itf\.json is read-only; refusing to replace it$/,
  ],
  [
    'replay of an ITF nested 100,000 deep',
    ['replay', at('deep.itf.json')],
    {},
    2,
    /^raft-check: .*deep\.itf\.json: state 1 \(states\[0\]\), field x(\[0\])+: nested more than 100 deep$/,
  ],
  [
    'replay /dev/zero',
    ['replay', '/dev/zero'],
    {},
    2,
    /^raft-check: \/dev\/zero is not a regular file \(a directory, a device or a pipe\)$/,
  ],
  [
    'replay of a trace too large for the heap',
    ['replay', at('big.itf.json')],
    { node: ['--max-old-space-size=16'] },
    4,
    /^raft-check: .*big\.itf\.json is 8 MiB, too large for this process's heap \(\d+ MiB; .*\): run node --max-old-space-size=\d+ .*$/,
  ],
  [
    'validate: a header max-frontier of -1',
    ['validate', at('frontier.ndjson')],
    {},
    2,
    /^raft-check: .*frontier\.ndjson line 1: --max-frontier must be an integer from 1 to 10000000, got -1$/,
  ],
  [
    "validate: a header candidates of 'lots'",
    ['validate', at('candidates.ndjson')],
    {},
    2,
    /^raft-check: .*candidates\.ndjson line 1: --candidates takes an integer, got 'lots'$/,
  ],
  [
    'validate: a term of 1e300',
    ['validate', at('term.ndjson')],
    {},
    2,
    /^raft-check: .*term\.ndjson line 1: field 'term' must be an integer from 0 to 2147483647, got 1e\+300$/,
  ],
  [
    'check under ulimit -v',
    [...SMALL, '--workers', '2'],
    { shell: 'ulimit -v 2000000' },
    4,
    /^raft-check: the address-space limit \(ulimit -v\) is 1953 MiB, and 2 threads would need about \d+ MiB .*; raise ulimit -v or use fewer --workers$/,
  ],
  [
    'simulate --workers 2 on SIGINT',
    ['simulate', '--seed', '1', '--seconds', '60', '--workers', '2'],
    { signal: 'SIGINT' },
    3,
    /^$/,
  ],
  [
    'simulate --workers 2 on SIGTERM',
    ['simulate', '--seed', '1', '--seconds', '60', '--workers', '2'],
    { signal: 'SIGTERM' },
    3,
    /^$/,
  ],
  ['election-timing on SIGTERM', ['election-timing', '--trials', '1000000'], { signal: 'SIGTERM' }, 3, /^$/],
  ['election-timing on SIGINT', ['election-timing', '--trials', '1000000'], { signal: 'SIGINT' }, 3, /^$/],
  [
    'election-timing --scenario on SIGINT',
    ['election-timing', '--scenario', 'leader-minority', '--trials', '1000000'],
    { signal: 'SIGINT' },
    3,
    /^$/,
  ],
  [
    'election-timing --scenario on SIGTERM',
    ['election-timing', '--scenario', 'rejoin', '--trials', '1000000'],
    { signal: 'SIGTERM' },
    3,
    /^$/,
  ],
];

describe('failures of the machine and hostile inputs', () => {
  it.concurrent.each(ROWS)('%s', async (_name, args, how, code, line) => {
    const r = await run(args, how);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toMatch(/internal error|Error:/);
    expect(r.code).toBe(code);
    // The last line on stderr is the one that says what happened (progress lines may come before it).
    const last = r.stderr.trimEnd().split('\n').pop() ?? '';
    if (how?.signal === undefined) expect(last).toMatch(line);
    else expect(r.stdout).toMatch(/interrupted/);
  });

  it('takes over the lock of a run that died, and gives it back at the end', async () => {
    const r = await run([...SMALL, '--checkpoint', at('stale')]);
    expect(r.code).toBe(0);
    expect(existsSync(join(at('stale'), 'lock'))).toBe(false);
  });

  it('leaves the read-only file as it was', async () => {
    await run([...SMALL, '--bug', 'double-vote', '--out', at('readonly.itf.json')]);
    expect(readFileSync(at('readonly.itf.json'), 'utf8')).toBe('keep me');
  });
});
