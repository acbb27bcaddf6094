/**
 * The two liferafts a Node.js user can pick from npm today, driven by the same harness: the original
 * (`liferaft` 1.0.0) and its maintained fork (`@markwylde/liferaft` 1.4.0), which keeps the API and fixes the
 * vote's log comparison, the log's key encoding and a few crashes (docs/implementations.md).
 */
import ForkRaft from '@markwylde/liferaft';
import ForkLog from '@markwylde/liferaft/log.js';
import Raft from 'liferaft';
import Log from 'liferaft/log.js';

export interface Flavour {
  /** As the recorded trace's header names it. */
  readonly name: string;
  readonly Raft: typeof Raft;
  readonly Log: unknown;
  /** The memdown its levelup takes: 1 (abstract-leveldown 2) or 6 (abstract-leveldown 7). */
  readonly memdown: 1 | 6;
}

export const LIFERAFT: Flavour = { name: 'liferaft 1.0.0', Raft, Log, memdown: 1 };
export const LIFERAFT_FORK: Flavour = { name: '@markwylde/liferaft 1.4.0', Raft: ForkRaft, Log: ForkLog, memdown: 6 };

export const FLAVOURS: Readonly<Record<string, Flavour>> = { liferaft: LIFERAFT, fork: LIFERAFT_FORK };
