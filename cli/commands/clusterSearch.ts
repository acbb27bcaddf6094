/**
 * `check --cluster nats://HOST:PORT`: the search spread over the worker slots that joined the NATS server
 * (`raft-check worker`), or, without the flag, on this machine's threads. See docs/adr/006.
 */
import { startSearch, type Search, type SearchOptions } from '../../checker/search.js';
import { startClusterSearch } from '../../checker/cluster/coordinator.js';
import { Link } from '../../checker/cluster/transport.js';
import type { ModelRecipe } from '../../checker/recipe.js';
import { UsageError } from '../usage.js';
import type { simulateInWorkers } from '../../harness/simulateInWorkers.js';
import { simulateOnCluster } from '../../harness/simulateOnCluster.js';
import { packageRoot, packageVersion } from '../packageInfo.js';

/** A connection to the cluster's server, or a usage error naming the URL and what went wrong. */
export async function openCluster(url: string, name: string): Promise<Link> {
  if (!/^(nats|tls):\/\/[^\s/]+$/.test(url)) throw new UsageError(`--cluster takes nats://HOST:PORT, got '${url}'`);
  try {
    return await Link.open(url, name);
  } catch (e) {
    throw new UsageError(`cannot use the NATS server at ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The search, here or on the cluster at `url` (its `workers` owners served by worker slots). */
export async function startCheckSearch(
  url: string | undefined,
  recipe: ModelRecipe,
  options: SearchOptions,
  quiet: boolean,
): Promise<Search> {
  if (url === undefined) return startSearch(recipe, options);
  const link = await openCluster(url, 'raft-check coordinator');
  const search = startClusterSearch(recipe, options, {
    link,
    owners: options.workers,
    version: packageVersion(),
    moduleRoot: packageRoot(),
    note: (line) => {
      if (!quiet) process.stderr.write(`cluster: ${line}\n`);
    },
  });
  const closed = search.done.finally(() => link.close());
  return {
    done: closed,
    stop: (reason) => {
      search.stop(reason);
    },
  };
}

/**
 * `simulate --cluster URL`: simulateInWorkers' signature, the shares run by the cluster's worker slots
 * (harness/simulateOnCluster.ts). No progress lines: the shares report only when done.
 */
export function simulateOnSlots(url: string, quiet: boolean): typeof simulateInWorkers {
  return async (shares, engine, config, bugs, options, _onProgress, extra) => {
    const link = await openCluster(url, 'raft-check simulate');
    try {
      const jobs = {
        link,
        version: packageVersion(),
        moduleRoot: packageRoot(),
        note: (line: string) => {
          if (!quiet) process.stderr.write(`cluster: ${line}\n`);
        },
      };
      return await simulateOnCluster(jobs, shares, engine, config, bugs, options, extra);
    } finally {
      await link.close();
    }
  };
}
