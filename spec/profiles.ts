/**
 * The one list of spec profiles (spec/profile.ts). A profile is one line here: `--profile` names, the
 * explorer's choice and the docs come from this list, and a name that is not listed does not compile.
 */
import type { SpecProfile } from './profile.js';
import { raftProfile } from './raft/profile.js';

export const PROFILES = { raft: raftProfile } as const satisfies Readonly<Record<string, SpecProfile>>;

/** A profile's name: only a listed profile's name type-checks. */
export type ProfileName = keyof typeof PROFILES;

/** The default profile: raft.tla's. */
export const DEFAULT_PROFILE: ProfileName = 'raft';

/** The profile with this name, or undefined. */
export function findProfile(name: string): SpecProfile | undefined {
  return Object.hasOwn(PROFILES, name) ? PROFILES[name as ProfileName] : undefined;
}
