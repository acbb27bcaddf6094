/**
 * Server symmetry for the etcd profile (MCetcdraft's `SYMMETRY Permutations(Server)`): a state renamed by a
 * permutation of the servers, and the canonical representative of its orbit, the renaming whose encoding is
 * least. Every action and invariant treats servers alike, so the checker's withSymmetry applies.
 */
import type { Symmetry } from '../../checker/symmetry.js';
import { bagOf } from './bag.js';
import { encodeEtcd } from './codec.js';
import { renameEntry } from './entry.js';
import { renameMessage } from './messages.js';
import { renameMask } from './servers.js';
import type { Conf, EtcdState, ServerVars } from './state.js';

/** Every permutation of 1..n, as arrays p with p[id-1] the new id of id. */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) {
    for (let at = 0; at <= p.length; at++) out.push([...p.slice(0, at), n, ...p.slice(at)]);
  }
  return out;
}

/** `s` with every server renamed by `perm`. */
export function renameState(s: EtcdState, perm: readonly number[]): EtcdState {
  const mask = (m: number): number => renameMask(m, perm);
  const id = (x: number): number => (x === 0 ? 0 : perm[x - 1]!);
  const entry = (e: number): number => renameEntry(e, mask);
  const conf = (c: Conf): Conf => ({ voters: mask(c.voters), outgoing: mask(c.outgoing), learners: mask(c.learners) });
  const servers = new Array<ServerVars>(s.servers.length);
  s.servers.forEach((v, k) => {
    const matchIndex = new Array<number>(v.matchIndex.length);
    v.matchIndex.forEach((m, j) => (matchIndex[perm[j]! - 1] = m));
    servers[perm[k]! - 1] = {
      ...v,
      votedFor: id(v.votedFor),
      log: v.log.map(entry),
      votesResponded: mask(v.votesResponded),
      votesGranted: mask(v.votesGranted),
      matchIndex,
      config: conf(v.config),
      durableState: { ...v.durableState, votedFor: id(v.durableState.votedFor), config: conf(v.durableState.config) },
    };
  });
  const bag = (b: EtcdState['messages']) =>
    bagOf(b.map((x) => ({ message: renameMessage(x.message, perm, entry), count: x.count })));
  return { ...s, servers, messages: bag(s.messages), pendingMessages: bag(s.pendingMessages) };
}

function compare(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return a.length - b.length;
}

/** The symmetry of `servers` servers: all their permutations. */
export function etcdSymmetry(servers: number): Symmetry<EtcdState> {
  // Every renaming but the identity.
  const perms = permutations(servers).filter((p) => p.some((id, k) => id !== k + 1));
  const words = (s: EtcdState): number[] => {
    const out: number[] = [];
    encodeEtcd(s, out);
    return out;
  };
  return {
    canonicalize: (s) => {
      let best = s;
      let bestWords = words(s);
      for (const p of perms) {
        const t = renameState(s, p);
        const w = words(t);
        if (compare(w, bestWords) < 0) {
          best = t;
          bestWords = w;
        }
      }
      return best;
    },
    orbitSize: (s) => {
      const seen = new Set<string>([words(s).join(',')]);
      for (const p of perms) seen.add(words(renameState(s, p)).join(','));
      return seen.size;
    },
  };
}
