/**
 * How fast `validate` is on a long trace: a seeded random walk of a three-server cluster, projected to 1,000
 * events with a share of the server-state fields left out (projectEvents.ts STATE_FIELDS), written as ndjson and
 * validated through the same parsing as the CLI. The network steps of the walk are not logged.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/validateBench.js [events] [seed] [omit]
 */
import { raftModel } from '../spec/raft/model.js';
import { modelNaming } from '../traces/validate/naming.js';
import { parseEvents } from '../traces/validate/parseEvents.js';
import { projectWalk, STATE_FIELDS } from '../traces/validate/projectEvents.js';
import { mulberry32, randomWalk } from '../traces/validate/randomWalk.js';
import { readTrace } from '../traces/validate/readTrace.js';
import { validate } from '../traces/validate/validate.js';

const length = Number(process.argv[2] ?? 1000);
const seed = Number(process.argv[3] ?? 1);
const omit = Number(process.argv[4] ?? 0.2);

const config = {
  servers: 3,
  values: 2,
  maxTerm: 30,
  maxLogLen: 8,
  maxCopies: 2,
  maxInFlight: 0,
  restart: true,
  duplicate: true,
  drop: true,
};
const model = raftModel(config);
const walk = randomWalk(model, length, seed);
const events = projectWalk(walk, omit, mulberry32(seed ^ 0x5eed), (field) => STATE_FIELDS.has(field));
const text = events.map((e) => JSON.stringify(e)).join('\n');

const started = performance.now();
const raw = readTrace(text);
if (!raw.ok) throw new Error(`validateBench: generated trace unreadable: ${raw.error.message}`);
const parsed = parseEvents(raw.value.events, modelNaming(config.servers, config.values));
if (!parsed.ok)
  throw new Error(`validateBench: generated trace invalid at line ${parsed.error.line}: ${parsed.error.message}`);
const result = validate(model, parsed.value, { maxHidden: 2 });
const seconds = (performance.now() - started) / 1000;

const hidden = walk.length - events.length;
console.log(
  `walk: seed ${seed}, ${events.length} events (${hidden} network steps not logged), ` +
    `${Math.round(omit * 100)}% of the server-state fields left out`,
);
console.log(`model: ${JSON.stringify(config)}`);
console.log(
  `result: ${result.kind}${result.kind === 'rejected' ? ` at line ${result.event.line}: ${result.candidates[0]?.reasons.join('; ') ?? ''}` : ''}`,
);
console.log(`time: ${seconds.toFixed(2)} s (${Math.round(events.length / seconds)} events/s)`);
console.log(
  `peak frontier: ${result.peak.size} state${result.peak.size === 1 ? '' : 's'}${result.peak.after === undefined ? '' : ` (after event ${result.peak.after.index})`}`,
);
