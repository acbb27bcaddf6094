/**
 * The `raft-check` command line: `raft-check [command] [flags]`, the default command being `check`. Bad input
 * gets one line on stderr naming the problem and exit code 2; a failure of the machine (a full disk, a folder
 * gone) one line and exit code 5; a bug in raft-check itself its stack trace and exit code 5. Exit code 1 is only
 * ever a violation found.
 */
import { readFileSync } from 'node:fs';
import { runBugs } from './commands/bugs.js';
import { CHECK_HELP, runCheck } from './commands/check.js';
import { runElectionTiming } from './commands/electionTiming.js';
import { runReplay } from './commands/replay.js';
import { runSimulate } from './commands/simulate.js';
import { runValidate } from './commands/validate.js';
import { ConfigError } from '../spec/raft/configCheck.js';
import { runWorker } from './commands/clusterWorker.js';
import { InvariantThrew } from '../spec/raft/stateView.js';
import { UsageError } from './usage.js';
import { wantsEtcd, withoutProfile } from './etcd/flags.js';
import { runEtcd } from './etcd/commands.js';
import { EXIT_MACHINE, EXIT_MEMORY, MachineError, OutOfMemoryError } from './machine.js';
import { machineFailure } from '../checker/search.js';

type Command = (args: readonly string[]) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: { run: runCheck, summary: 'exhaustive breadth-first check (the default)' },
  validate: { run: runValidate, summary: 'does the model allow the events an implementation logged?' },
  replay: { run: runReplay, summary: 'replay an ITF trace through the model and report where it diverges' },
  bugs: { run: runBugs, summary: 'which invariants catch which mutant of the bug library' },
  simulate: { run: runSimulate, summary: 'seeded random walks with shrinking, for bugs too deep to search' },
  'election-timing': { run: runElectionTiming, summary: "time to elect a new leader after a crash (paper's §9.3)" },
  worker: { run: runWorker, summary: 'join a cluster (check --cluster) on a NATS server with worker slots' },
};

function help(): string {
  const commands = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`)
    .join('\n');
  return (
    `${CHECK_HELP}\n\nCommands (raft-check COMMAND --help for each):\n${commands}\n\n` +
    'raft-check --version prints the version.'
  );
}

/** The version in package.json, which sits two folders up from this file both in the repository and installed. */
function version(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

async function main(args: readonly string[]): Promise<number> {
  // --profile etcd (and validate --format etcd) runs etcd-io/raft's spec (cli/etcd/); --profile raft, the
  // default, is the reference model.
  if (wantsEtcd(args)) return runEtcd(args);
  const argv = withoutProfile(args);
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    console.log(help());
    return 0;
  }
  if (first === '--version' || first === '-V') {
    if (rest.length > 0) throw new UsageError('--version takes no other flag');
    console.log(version());
    return 0;
  }
  if (first !== undefined && !first.startsWith('-')) {
    const command = COMMANDS[first];
    if (command === undefined)
      throw new UsageError(`unknown command '${first}' (known: ${Object.keys(COMMANDS).join(', ')})`);
    // Symmetry reduces an exhaustive search; the other commands follow real behaviours, one state at a time.
    if (first !== 'check' && rest.includes('--symmetry'))
      throw new UsageError(`--symmetry applies to check only, not to ${first}`);
    return command.run(rest);
  }
  return runCheck(argv);
}

// A closed stderr (2>&-, a reader that went away) must not turn a result into a crash: progress and notes are
// lost, the exit code still says what happened. The same for stdout once the reader has gone (| head).
process.stderr.on('error', () => undefined);
process.stdout.on('error', () => undefined);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`raft-check: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`raft-check: ${e.problem}\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof InvariantThrew) {
      process.stderr.write(`raft-check: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof OutOfMemoryError) {
      process.stderr.write(`raft-check: ${e.message}\n`);
      process.exitCode = EXIT_MEMORY;
      return;
    }
    // Exit 1 means a violation: nothing else may end with it.
    process.exitCode = EXIT_MACHINE;
    if (e instanceof MachineError) {
      process.stderr.write(`raft-check: ${e.message}\n`);
      return;
    }
    const machine = machineFailure(e);
    if (machine !== undefined) {
      process.stderr.write(`raft-check: the machine failed: ${machine}\n`);
      return;
    }
    // A bug in raft-check itself: its stack trace, for the report.
    process.stderr.write(
      `raft-check: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
  },
);
