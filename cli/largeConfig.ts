/**
 * A warning before a check that will not finish on an ordinary machine. The largest reference configuration
 * (L9 in tlc-counts.json: 3 servers, maxTerm 3, maxLog 1, maxInFlight 1, no restart/duplicate/drop) has 6.7
 * million states; each further unit of a bound multiplies the state space many times over, so a configuration
 * that exceeds it in any bound is flagged.
 */
import type { RaftConfig } from '../spec/raft/config.js';

const L9: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 3,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 1,
  restart: false,
  duplicate: false,
  drop: false,
};

/** A one-line warning when `config` goes past L9 in some bound with at least three servers, else undefined. */
export function largeConfigWarning(config: RaftConfig): string | undefined {
  if (config.servers < 3) return undefined;
  const inFlight = (c: RaftConfig): number => (c.maxInFlight === 0 ? Infinity : c.maxInFlight);
  const past: string[] = [];
  if (config.servers > L9.servers) past.push(`${config.servers} servers`);
  if (config.maxTerm > L9.maxTerm) past.push(`maxTerm ${config.maxTerm}`);
  if (config.maxLogLen > L9.maxLogLen) past.push(`maxLog ${config.maxLogLen}`);
  if (config.values > L9.values) past.push(`${config.values} values`);
  if (config.maxCopies > L9.maxCopies) past.push(`maxCopies ${config.maxCopies}`);
  if (inFlight(config) > inFlight(L9))
    past.push(`maxInFlight ${config.maxInFlight === 0 ? 'none' : config.maxInFlight}`);
  // The default configuration (maxTerm 2 with restart and drop) finishes; maxTerm 3 with them does not.
  const switches = [config.restart ? 'restart' : '', config.duplicate ? 'duplicate' : '', config.drop ? 'drop' : ''];
  if (config.maxTerm >= L9.maxTerm) past.push(...switches.filter((s) => s !== ''));
  if (past.length === 0) return undefined;
  return (
    `${past.join(', ')}: larger than 3 servers, maxTerm 3, maxLog 1, maxInFlight 1 (6.7 million states, about ` +
    '30 s); this search may take hours and more memory than the machine has. --max-states N bounds it; Ctrl-C stops it with a report'
  );
}
