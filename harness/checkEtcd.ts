/** Checking the etcd profile in this thread (tests, benches); the CLI's check runs it through the search threads. */
import { check, type CheckOptions, type CheckResult } from '../checker/bfs.js';
import { withSymmetry } from '../checker/symmetry.js';
import type { EtcdAction } from '../spec/etcd/actions.js';
import type { EtcdConfig } from '../spec/etcd/config.js';
import { etcdModel } from '../spec/etcd/model.js';
import type { EtcdState } from '../spec/etcd/state.js';
import { etcdSymmetry } from '../spec/etcd/symmetry.js';

/** Checks the etcd profile of `config`, with servers interchangeable when `symmetry`. */
export function checkEtcd(
  config: EtcdConfig,
  options: CheckOptions = {},
  symmetry = false,
): CheckResult<EtcdState, EtcdAction> {
  const model = etcdModel(config);
  return check(symmetry ? withSymmetry(model, etcdSymmetry(config.servers)) : model, options);
}
