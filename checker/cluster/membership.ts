/**
 * The coordinator's view of the cluster's worker slots, from their heartbeats in the bucket (slot.ts): which are
 * alive, which serve this run, which are free. A slot whose heartbeat is older than LOST_MS is lost; while this
 * process itself is cut off from the server (a restart), nobody is, and the clocks start again once it is back.
 */
import type { KvEntry } from '@nats-io/kv';
import { LOST_MS, type SlotBeat } from './protocol.js';
import { encodeJson, subjects, type Link } from './transport.js';

interface Seen {
  beat: SlotBeat;
  at: number;
}

export class Membership {
  private readonly slots = new Map<string, Seen>();
  /** Slots given an owner of this run, and slots that refused it. */
  private readonly taken = new Set<string>();
  private readonly banned = new Set<string>();
  private connected = true;
  private stopped = false;
  private readonly told = new Set<string>();

  constructor(
    private readonly link: Link,
    private readonly runId: string,
    private readonly version: string,
    private readonly note: (line: string) => void,
  ) {}

  /** Follows the heartbeats and the connection's state until `close`. */
  async start(): Promise<void> {
    const watch = await this.link.kv.watch({ key: 'slot.>' });
    void (async () => {
      for await (const e of watch) this.seen(e);
    })();
    void (async () => {
      for await (const s of this.link.nc.status()) {
        if (s.type === 'disconnect') {
          this.connected = false;
          this.note(`lost the NATS server at ${this.link.url}; waiting for it (the run goes on when it is back)`);
        } else if (s.type === 'reconnect') {
          this.connected = true;
          const now = Date.now();
          for (const v of this.slots.values()) v.at = now;
          this.note(`the NATS server is back`);
        }
      }
    })();
    this.closeWatch = () => {
      watch.stop();
    };
  }

  private closeWatch: () => void = () => undefined;

  close(): void {
    this.stopped = true;
    this.closeWatch();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  private seen(e: KvEntry): void {
    const id = e.key.slice('slot.'.length);
    if (e.operation !== 'PUT') {
      this.slots.delete(id);
      return;
    }
    const beat = e.json<SlotBeat>();
    this.slots.set(id, { beat, at: Date.now() });
    if (beat.version !== this.version && !this.told.has(id)) {
      this.told.add(id);
      this.note(`refused worker slot ${id}: it runs raft-check ${beat.version}, this coordinator ${this.version}`);
      this.link.nc.publish(
        subjects.slot(id),
        encodeJson({
          op: 'refuse',
          reason: `the coordinator runs raft-check ${this.version}, this worker ${beat.version}`,
          runId: this.runId,
          owner: -1,
          epoch: '',
          seq: 0,
        }),
      );
    }
  }

  /** True when `slot` has not been heard of for LOST_MS while this process was connected. */
  lost(slot: string): boolean {
    if (!this.connected) return false;
    const s = this.slots.get(slot);
    return s === undefined || Date.now() - s.at > LOST_MS;
  }

  /** `slot` is free again (its job is done). */
  give(slot: string): void {
    this.taken.delete(slot);
  }

  /** Never give `slot` an owner again (it refused, or was lost). */
  drop(slot: string): void {
    this.banned.add(slot);
    this.taken.delete(slot);
  }

  /** Alive slots that could serve: this version, not serving another live run, not taken. */
  free(): string[] {
    const now = Date.now();
    return [...this.slots]
      .filter(
        ([id, s]) =>
          !this.taken.has(id) &&
          !this.banned.has(id) &&
          s.beat.version === this.version &&
          (s.beat.runId === undefined || s.beat.runId === this.runId) &&
          now - s.at <= LOST_MS,
      )
      .map(([id]) => id)
      .sort();
  }

  /** A free slot for an owner, waiting for one to join; undefined once the membership is closed. */
  async claim(): Promise<string | undefined> {
    let said = false;
    // Heartbeats arrive within HEARTBEAT_MS of the watch's start: no line for a wait shorter than a second.
    const quietUntil = Date.now() + 1000;
    for (;;) {
      if (this.stopped) return undefined;
      const id = this.free()[0];
      if (id !== undefined) {
        this.taken.add(id);
        return id;
      }
      if (!said && Date.now() > quietUntil) {
        said = true;
        this.note('waiting for a worker slot (raft-check worker URL)');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Waits until `count` slots are free (the run starts with all its owners served). */
  async await(count: number, note: (have: number) => void): Promise<void> {
    let have = -1;
    const quietUntil = Date.now() + 1000;
    while (!this.stopped && this.free().length < count) {
      if (this.free().length !== have && Date.now() > quietUntil) {
        have = this.free().length;
        note(have);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
