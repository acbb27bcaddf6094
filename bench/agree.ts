/**
 * `npm run agree [-- NAME ...] [--engine reference]`: checks every reference configuration of
 * tlc-counts.json, and every etcd profile configuration of its `etcd` section, and prints our counts beside
 * TLC's. Exit 1 if any count differs.
 */
import { checkEtcd } from '../harness/checkEtcd.js';
import { loadEtcdTlcConfigs } from './etcdConfigs.js';
import { loadTlcConfigs } from './tlcConfigs.js';
import { runMeasured } from './runMeasured.js';

const args = process.argv.slice(2);
const engineAt = args.indexOf('--engine');
const engine = engineAt >= 0 ? (args[engineAt + 1] ?? 'flat') : 'flat';
const names = args.filter((a, k) => !a.startsWith('--') && (engineAt < 0 || k !== engineAt + 1));
const configs = loadTlcConfigs().filter((c) => names.length === 0 || names.includes(c.name));

const header = ['config', 'distinct (ours / TLC)', 'generated (ours / TLC)', 'depth (ours / TLC)', 'agree', 'seconds'];
console.log(`engine: ${engine}`);
console.log(header.join(' | '));
let allAgree = true;
for (const c of configs) {
  const m = runMeasured(c.name, engine);
  const agree = m.distinctStates === c.distinctStates && m.generatedStates === c.generatedStates && m.depth === c.depth;
  allAgree &&= agree;
  console.log(
    [
      c.name,
      `${m.distinctStates} / ${c.distinctStates}`,
      `${m.generatedStates} / ${c.generatedStates}`,
      `${m.depth} / ${c.depth}`,
      agree ? 'yes' : 'NO',
      m.checkSeconds.toFixed(2),
    ].join(' | '),
  );
}
// The etcd profile against TLC on etcd-io/raft's MCetcdraft (tlc-counts.json, section etcd).
const etcdConfigs = loadEtcdTlcConfigs().filter((c) => names.length === 0 || names.includes(c.name));
if (etcdConfigs.length > 0) console.log('profile: etcd (MCetcdraft.tla)');
for (const c of etcdConfigs) {
  const started = performance.now();
  const s = checkEtcd(c.config, {}, c.symmetry).stats;
  const agree = s.distinctStates === c.distinctStates && s.generatedStates === c.generatedStates && s.depth === c.depth;
  allAgree &&= agree;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    [
      c.name,
      `${s.distinctStates} / ${c.distinctStates}`,
      `${s.generatedStates} / ${c.generatedStates}`,
      `${s.depth} / ${c.depth}`,
      agree ? 'yes' : 'NO',
      seconds,
      // What the configuration exercises: a log conflict resolved, a configuration change applied.
      `conflicts ${s.actions.ConflictAppendEntriesRequest?.fired ?? 0}, ApplySimpleConfChange new states ${s.actions.ApplySimpleConfChange?.distinct ?? 0}`,
    ].join(' | '),
  );
}
console.log(allAgree ? 'every count equals TLC' : 'SOME COUNTS DIFFER FROM TLC');
process.exitCode = allAgree ? 0 : 1;
