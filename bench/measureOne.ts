/** Child process of bench.ts and agree.ts: `node dist/bench/measureOne.js NAME ENGINE` prints one Measurement. */
import { measure } from './measure.js';
import { loadTlcConfigs, toRaftConfig } from './tlcConfigs.js';
import type { Engine } from '../harness/checkRaft.js';

const [name, engine = 'flat'] = process.argv.slice(2);
const entry = loadTlcConfigs().find((c) => c.name === name);
if (entry === undefined) {
  process.stderr.write(`measureOne: no reference configuration named '${String(name)}'\n`);
  process.exit(2);
}
console.log(JSON.stringify(measure(entry.name, toRaftConfig(entry), engine as Engine)));
