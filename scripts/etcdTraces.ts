/**
 * `npm run etcd:traces`: regenerates the etcd-format trace fixtures in test/fixtures/etcd/ from seeded walks of
 * the etcd profile (traces/etcd/walk.ts), written exactly as etcd-io/raft's trace logger writes records. For
 * each fixture it takes the first seed whose walk logs every record kind it names, so the fixture exercises them.
 * etcd's own tla/example.ndjson is not shipped (docs/etcd.md); these are ours.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ETCD_CONFIG, type EtcdConfig } from '../spec/etcd/config.js';
import { etcdWalk } from '../traces/etcd/walk.js';

const repo = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '..' : '../..', import.meta.url));
const out = join(repo, 'test', 'fixtures', 'etcd');

export interface EtcdFixture {
  readonly file: string;
  readonly config: EtcdConfig;
  readonly records: number;
  /** Record kinds (event names, or message types) the walk must log. */
  readonly needs: readonly string[];
}

export const ETCD_FIXTURES: readonly EtcdFixture[] = [
  {
    file: 'walk-3-servers.ndjson',
    config: {
      ...DEFAULT_ETCD_CONFIG,
      servers: 3,
      initServers: 3,
      maxTerm: 4,
      requestLimit: 3,
      maxInFlight: 0,
      maxLog: 0,
    },
    records: 400,
    needs: ['BecomeLeader', 'Commit', 'Replicate', 'MsgApp', 'MsgHeartbeat', 'InitState', 'BecomeFollower'],
  },
  {
    file: 'walk-reconfig.ndjson',
    config: {
      ...DEFAULT_ETCD_CONFIG,
      servers: 4,
      initServers: 3,
      reconfigLimit: 2,
      maxTerm: 4,
      requestLimit: 3,
      maxInFlight: 0,
      maxLog: 0,
    },
    records: 600,
    needs: ['BecomeLeader', 'Commit', 'ChangeConf', 'ApplyConfChange', 'MsgApp', 'MsgHeartbeat'],
  },
];

/** The kinds a walk's lines log: event names, and message types. */
function kindsOf(lines: readonly string[]): Set<string> {
  const kinds = new Set<string>();
  for (const line of lines) {
    const e = (JSON.parse(line) as { event: { name: string; msg?: { type: string } } }).event;
    kinds.add(e.name);
    if (e.msg !== undefined) kinds.add(e.msg.type);
  }
  return kinds;
}

/** The fixture's lines: the first seed (from 1) whose walk logs every kind it needs. */
export function fixtureLines(f: EtcdFixture): { seed: number; lines: string[] } {
  for (let seed = 1; seed <= 1000; seed++) {
    const { lines } = etcdWalk(f.config, seed, f.records);
    const kinds = kindsOf(lines);
    if (f.needs.every((k) => kinds.has(k))) return { seed, lines };
  }
  throw new Error(`etcd:traces: no seed up to 1000 gives ${f.file} every kind of ${f.needs.join(', ')}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(out, { recursive: true });
  for (const f of ETCD_FIXTURES) {
    const { seed, lines } = fixtureLines(f);
    writeFileSync(join(out, f.file), lines.join('\n') + '\n');
    console.log(`${f.file}: seed ${seed}, ${lines.length} records`);
  }
}
