/** etcd-io/raft's spec (etcdraft.tla as MCetcdraft.tla runs it) as a spec profile (spec/profile.ts). */
import type { SpecProfile } from '../profile.js';
import { etcdConfigError, type EtcdConfig } from './config.js';
import { flatEtcdModel } from './flat.js';
import { ETCD_INVARIANTS } from './invariants.js';

export const etcdProfile: SpecProfile<EtcdConfig> = {
  name: 'etcd',
  description: "etcd-io/raft's etcdraft.tla as MCetcdraft.tla runs it (docs/etcd.md)",
  // etcdraft.tla has no variants or bug library of raft-check's.
  variants: [],
  bugs: [],
  invariants: ETCD_INVARIANTS.map((i) => i.name),
  configError: etcdConfigError,
  fastModel: (config, bugs) => {
    if (bugs.length > 0) throw new Error(`etcd profile: no bug library (asked for ${bugs.join(', ')})`);
    return flatEtcdModel(config);
  },
};
