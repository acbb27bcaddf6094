/** raft.tla's Raft as a spec profile (spec/profile.ts): the default one. */
import type { SpecProfile } from '../profile.js';
import { BUGS } from './bugs.js';
import { configError } from './config.js';
import { RAFT_INVARIANTS } from './invariants.js';
import { fastRaftModel } from './model.js';
import { VARIANTS } from './variants.js';

export const raftProfile: SpecProfile = {
  name: 'raft',
  description: "raft.tla (Ongaro's TLA+ specification of Raft) and its variants",
  variants: VARIANTS,
  bugs: BUGS,
  invariants: RAFT_INVARIANTS.map((i) => i.name),
  configError,
  fastModel: (config, bugs) => fastRaftModel(config, bugs),
};
