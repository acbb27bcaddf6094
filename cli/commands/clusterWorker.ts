/**
 * `raft-check worker nats://HOST:PORT [--workers N]`: offers N worker slots (threads) to the cluster runs that
 * coordinators start on that NATS server (`check --cluster`). It learns each run's model from its coordinator,
 * and is refused in one line when its version or model differs. Runs until SIGINT or SIGTERM.
 */
import { availableParallelism, hostname } from 'node:os';
import { Slot } from '../../checker/cluster/slot.js';
import { openCluster } from './clusterSearch.js';
import { packageRoot, packageVersion } from '../packageInfo.js';
import { intFlag, parseFlags, UsageError } from '../usage.js';

export const WORKER_HELP = `raft-check worker nats://HOST:PORT [--workers N] [--quiet]

Joins the cluster on that NATS server (JetStream enabled) with N worker slots (default: the cores, ${availableParallelism()}
here), each a search thread that serves a run started with 'raft-check check ... --cluster nats://HOST:PORT'.
Spare slots take over the share of a slot that is lost. Stops on Ctrl-C.`;

export async function runWorker(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    { workers: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean' } },
    true,
  );
  if (values.help === true) {
    console.log(WORKER_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('worker takes one argument: nats://HOST:PORT');
  const url = positionals[0]!;
  const count = intFlag(values, 'workers', availableParallelism(), 1, 256);
  const quiet = values.quiet === true;
  const link = await openCluster(url, `raft-check worker ${hostname()}`);
  const base = `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9_-]/g, '_');
  let code = 0;
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const slots = Array.from(
    { length: count },
    (_, k) =>
      new Slot(link, `${base}-${k}`, {
        version: packageVersion(),
        moduleRoot: packageRoot(),
        onRefused: (reason) => {
          if (code === 0) process.stderr.write(`raft-check worker: refused: ${reason}\n`);
          code = 2;
          finish();
        },
        onNote: (line) => {
          if (!quiet) process.stderr.write(`worker: ${line}\n`);
        },
      }),
  );
  if (!quiet) process.stderr.write(`worker: ${count} slots joined ${url} (${base}-0..${count - 1})\n`);
  const onSignal = (): void => {
    finish();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await ended;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await Promise.all(slots.map((s) => s.close()));
  await link.close();
  return code;
}
