/** The commands of the etcd profile (`--profile etcd`): check (the default), simulate, replay and validate. */
import { UsageError } from '../usage.js';
import { runEtcdCheck } from './check.js';
import { runEtcdReplay } from './replay.js';
import { runEtcdSimulate } from './simulate.js';
import { runEtcdValidate } from './validate.js';

/** Runs `raft-check [command] --profile etcd ...`; returns the exit code. */
export function runEtcd(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-') || first === 'check') {
    return runEtcdCheck(first === 'check' ? rest : argv);
  }
  if (first === 'validate') return runEtcdValidate(rest);
  if (first === 'simulate') return runEtcdSimulate(rest);
  if (first === 'replay') return Promise.resolve(runEtcdReplay(rest));
  throw new UsageError(`'${first}' does not take --profile etcd (it does: check, simulate, replay, validate)`);
}
