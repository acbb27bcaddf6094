// Every temporary file of a test run, the tests' own and the CLI processes' they start, goes under one folder
// that is removed when the run ends, so a test that forgets its folder, or a run cut short, leaves nothing in
// the system's temporary directory. Workers and child processes inherit TMPDIR, which os.tmpdir() reads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let scratch: string | undefined;

export function setup(): void {
  scratch = mkdtempSync(join(tmpdir(), 'raft-check-tests-'));
  process.env.TMPDIR = scratch;
}

export function teardown(): void {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
}
