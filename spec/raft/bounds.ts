/** The state constraints that keep a check finite (TLC's CONSTRAINT), each written once over a cluster view. */
import type { ClusterReader, ServerReader } from './cluster.js';
import type { RaftConfig } from './config.js';

/** A named state constraint over a cluster state. */
export interface RaftBound {
  readonly name: string;
  holds(c: ClusterReader): boolean;
}

function everyServer(c: ClusterReader, f: (s: ServerReader) => boolean): boolean {
  for (let i = 0; i < c.n; i++) if (!f(c.server(i))) return false;
  return true;
}

/** The bounds of `config`, in the order the checker counts their discards. */
export function raftBounds(config: RaftConfig): RaftBound[] {
  // Predicates made once, not per call: bounds run on every successor.
  const termOk = (s: ServerReader): boolean => s.currentTerm <= config.maxTerm;
  const logOk = (s: ServerReader): boolean => s.log.length <= config.maxLogLen;
  const bounds: RaftBound[] = [
    { name: 'maxTerm', holds: (c) => everyServer(c, termOk) },
    { name: 'maxLogLen', holds: (c) => everyServer(c, logOk) },
    { name: 'maxCopies', holds: (c) => c.maxCopies() <= config.maxCopies },
  ];
  if (config.maxInFlight > 0) bounds.push({ name: 'maxInFlight', holds: (c) => c.inFlight() <= config.maxInFlight });
  return bounds;
}
