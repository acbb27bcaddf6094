/**
 * The canonical encoding of a cluster state, from which the checker takes fingerprints.
 *
 * A state is encoded as the digests of its servers followed by a digest of its bag. Digests are memoized per
 * object: Immutable shares every server record an action did not touch, and most actions leave the bag alone, so
 * a successor usually costs one new server digest. The bag's digest is a lane-wise sum of per-(message, count)
 * digests, which makes it independent of the order the bag was built in without sorting.
 */
import { Encoding } from '../../checker/encoding.js';
import { digest } from '../../checker/fingerprint.js';
import type { Message } from './messages.js';
import type { Bag, ClusterState, ServerState } from './state.js';

const ROLE_CODE = { Follower: 0, Candidate: 1, Leader: 2 } as const;

const scratch = new Encoding(128);
const serverDigests = new WeakMap<ServerState, Int32Array>();
const bagDigests = new WeakMap<Bag, Int32Array>();
const messageDigests = new WeakMap<Message, Int32Array[]>();

function mask(ids: Iterable<number>): number {
  let bits = 0;
  for (const id of ids) bits |= 1 << id;
  return bits;
}

function serverDigest(v: ServerState): Int32Array {
  let d = serverDigests.get(v);
  if (d !== undefined) return d;
  const e = scratch;
  e.reset();
  e.push(v.currentTerm);
  e.push(ROLE_CODE[v.state]);
  e.push(v.votedFor === null ? 0 : v.votedFor + 1);
  e.push(v.commitIndex);
  e.push(mask(v.votesResponded));
  e.push(mask(v.votesGranted));
  e.push(v.log.size);
  for (const entry of v.log) {
    e.push(entry.term);
    e.push(entry.value);
  }
  for (const k of v.nextIndex) e.push(k);
  for (const k of v.matchIndex) e.push(k);
  d = digest(e);
  serverDigests.set(v, d);
  return d;
}

function messageDigest(m: Message, count: number): Int32Array {
  let byCount = messageDigests.get(m);
  if (byCount === undefined) {
    byCount = [];
    messageDigests.set(m, byCount);
  }
  let d = byCount[count];
  if (d === undefined) {
    const e = scratch;
    e.reset();
    for (const w of m.code) e.push(w);
    e.push(count);
    d = digest(e);
    byCount[count] = d;
  }
  return d;
}

function bagDigest(bag: Bag): Int32Array {
  let d = bagDigests.get(bag);
  if (d !== undefined) return d;
  d = new Int32Array(4);
  for (const [m, count] of bag) {
    const md = messageDigest(m, count);
    for (let k = 0; k < 4; k++) d[k] = (d[k]! + md[k]!) | 0;
  }
  bagDigests.set(bag, d);
  return d;
}

/** Writes the canonical encoding of `s` into `out`. */
export function encodeCluster(s: ClusterState, out: Encoding): void {
  out.push(s.servers.size);
  for (const v of s.servers) out.pushDigest(serverDigest(v));
  out.push(s.messages.size);
  out.pushDigest(bagDigest(s.messages));
}
