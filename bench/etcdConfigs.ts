/**
 * TLC's figures for the etcd profile: the `etcd` section of bench/tlc-counts.json (TLC on etcd-io/raft's
 * MCetcdraft.tla with the state constraint its `meta.bounds` states), read into the profile's configurations.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_ETCD_CONFIG, type EtcdConfig } from '../spec/etcd/config.js';
import { tlcCountsPaths } from './tlcConfigs.js';

export interface EtcdTlcConfig {
  readonly name: string;
  readonly config: EtcdConfig;
  readonly symmetry: boolean;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  /** The TLC command that gave the figures. */
  readonly source: string;
}

function int(raw: Record<string, unknown>, key: string, where: string): number {
  const v = raw[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new Error(`etcdConfigs: ${where}.${key} is not a count`);
  return v;
}

function flag(raw: Record<string, unknown>, key: string, absent: boolean, where: string): boolean {
  const v = raw[key];
  if (v === undefined) return absent;
  if (typeof v !== 'boolean') throw new Error(`etcdConfigs: ${where}.${key} is not a boolean`);
  return v;
}

/** Every etcd configuration of tlc-counts.json, validated. */
export function loadEtcdTlcConfigs(): EtcdTlcConfig[] {
  const file = JSON.parse(readFileSync(tlcCountsPaths()[0]!, 'utf8')) as { etcd?: { configs?: unknown[] } };
  return (file.etcd?.configs ?? []).map((entry, k) => {
    if (typeof entry !== 'object' || entry === null)
      throw new Error(`etcdConfigs: etcd.configs[${k}] is not an object`);
    const raw = entry as Record<string, unknown>;
    const where = `etcd.configs[${k}]`;
    if (typeof raw.name !== 'string') throw new Error(`etcdConfigs: ${where}.name is not a string`);
    return {
      name: raw.name,
      config: {
        ...DEFAULT_ETCD_CONFIG,
        servers: int(raw, 'servers', where),
        initServers: int(raw, 'initServers', where),
        reconfigLimit: int(raw, 'reconfigurationLimit', where),
        maxTerm: int(raw, 'maxTermLimit', where),
        requestLimit: int(raw, 'requestLimit', where),
        maxInFlight: int(raw, 'maxInFlight', where),
        maxLog: int(raw, 'maxLogLen', where),
        maxCommit: raw.maxCommit === undefined ? 0 : int(raw, 'maxCommit', where),
        ownedTerms: flag(raw, 'ownedTerms', false, where),
        // MCetcdraft's NextDynamic, crashes and the unreliable network in, unless the entry says otherwise (its
        // TLC run then used the wrapper's NextReliable: meta.reliable).
        restart: flag(raw, 'restart', true, where),
        duplicate: flag(raw, 'duplicate', true, where),
        drop: flag(raw, 'drop', true, where),
      },
      symmetry: raw.symmetry === true,
      distinctStates: int(raw, 'distinctStates', where),
      generatedStates: int(raw, 'generatedStates', where),
      depth: int(raw, 'depth', where),
      source: typeof raw.source === 'string' ? raw.source : '',
    };
  });
}
