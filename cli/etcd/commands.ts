/** The commands of the etcd profile (`--profile etcd`): check (the default) and validate. */
import { UsageError } from '../usage.js';
import { runEtcdCheck } from './check.js';
import { runEtcdValidate } from './validate.js';

/** Runs `raft-check [command] --profile etcd ...`; returns the exit code. */
export function runEtcd(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-') || first === 'check') {
    return runEtcdCheck(first === 'check' ? rest : argv);
  }
  if (first === 'validate') return runEtcdValidate(rest);
  throw new UsageError(`'${first}' does not take --profile etcd yet (it does: check, validate)`);
}
