/**
 * Failures of the machine, as distinct from verdicts and from bad usage: a folder that cannot hold files, a full
 * disk, a checkpoint directory another run holds. They end a command with one line and exit code 5 (`EXIT_MACHINE`),
 * never 1, which means a violation was found.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, rmdirSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringFlag, UsageError, type FlagValues } from './usage.js';

/** The exit code of a run the machine failed. */
export const EXIT_MACHINE = 5;

/** A failure of the machine, reported as one line (main.ts), exit 5. */
export class MachineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MachineError';
  }
}

/** The exit code of a run out of memory (as `check` ends one). */
export const EXIT_MEMORY = 4;

/** An input too large for the memory this process has: one line (main.ts), exit 4. */
export class OutOfMemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfMemoryError';
  }
}

/** The errno text of a file-system error (`ENOSPC: no space left on device, ...`), else the message. */
function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A MachineError, prefixed `flag dir`, unless a file can be made and removed in `dir` now. Made without
 * `recursive`: Node's recursive mkdir loops forever where mkdir answers ENOENT under an existing parent
 * (/proc/self), deaf to signals.
 */
export function checkUsableDirectory(flag: string, dir: string): void {
  let probe: string;
  try {
    probe = mkdtempSync(join(dir, '.raft-check-probe-'));
  } catch (e) {
    throw new MachineError(`${flag} ${dir}: cannot make files there (${reason(e)})`);
  }
  rmdirSync(probe);
}

/**
 * The `--work-dir` a command was given, once it is known to be a directory this process can make files in (or,
 * without the flag, once the temporary directory is): a usage error when it is not a directory, a MachineError
 * when it cannot hold files, both before the run rather than at its first spill.
 */
export function workDirFromFlags(values: FlagValues): string | undefined {
  const workDir = stringFlag(values, 'work-dir');
  if (workDir !== undefined && !isDirectory(workDir)) throw new UsageError(`--work-dir ${workDir} is not a directory`);
  checkUsableDirectory(workDir === undefined ? 'the temporary directory' : '--work-dir', workDir ?? tmpdir());
  return workDir;
}

/** Whether `path` names a directory. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a process with this id runs (a signal 0 reaches it, or it exists but is not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `dir/lock` for this process: two runs checkpointing into one directory would cut each other's parent
 * links. A lock left by a run that died (its process is gone) is taken over. Returns the release; a
 * MachineError when a live run holds it.
 */
export function lockCheckpointDir(flag: string, dir: string): () => void {
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } catch (e) {
        rmSync(path, { force: true });
        throw e;
      } finally {
        closeSync(fd);
      }
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        throw new MachineError(`${flag} ${dir}: cannot take its lock (${reason(e)})`);
      }
    }
    const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      throw new MachineError(
        `${flag} ${dir}: another run (process ${holder}) is checkpointing into this directory; wait for it to end or give another directory`,
      );
    }
    rmSync(path, { force: true });
  }
  throw new MachineError(`${flag} ${dir}: cannot take its lock (another run keeps taking it)`);
}
