/** One measured check of a reference configuration, run in its own process so memory and JIT are its own. */
import { checkRaft, type Engine } from '../harness/checkRaft.js';
import type { RaftConfig } from '../spec/raft/config.js';

export interface Measurement {
  readonly name: string;
  readonly engine: Engine;
  readonly result: string;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly checkSeconds: number;
  readonly storeBytes: number;
  readonly peakRssBytes: number;
}

/** Checks `config` and returns what was measured. */
export function measure(name: string, config: RaftConfig, engine: Engine): Measurement {
  const result = checkRaft(config, [], {}, engine);
  const s = result.stats;
  return {
    name,
    engine,
    result: result.kind,
    distinctStates: s.distinctStates,
    generatedStates: s.generatedStates,
    depth: s.depth,
    checkSeconds: s.seconds,
    storeBytes: s.storeBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
