/**
 * The behaviour graph's edges as the build appends them (behaviourGraph.ts). Up to `inMemory` edges they stay in
 * growable arrays; past that they go to files in a work directory, like the safety search's parent links
 * (diskParentLinks.ts), written in blocks. When the build is over (its fingerprint index and frontier are garbage
 * by then, so the two never share memory) the fair-cycle search reads the target, fairness and disarm columns
 * back into arrays of exactly their length, and each edge's position only when a path is rebuilt, a few reads a
 * counterexample. So the build holds no edge in memory and the search 6 bytes an edge (8 with step properties),
 * against 8 bytes plus the arrays' doubling slack and the copy that trims them.
 *
 * The files are unlinked as soon as they are open: they take disk space while the run holds them and vanish when
 * it ends, however it ends (Ctrl-C, out of memory, a killed thread).
 */
import { closeSync, mkdtempSync, openSync, rmdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAll, writeAll } from '../fileBytes.js';
import { int32Column, uint16Column, type Column } from './growable.js';

export interface EdgeStoreOptions {
  /** Where the edge files go (default the system's temporary directory). */
  readonly workDir?: string;
  /** Edges kept in memory before the store moves to files: default 0 with `workDir`, else 4 Mi (32 MiB). */
  readonly inMemory?: number;
}

/** The edges once the build is over: what the fair-cycle search and the lasso read. */
export interface Edges {
  readonly count: number;
  /** Per edge, the successor's id. */
  readonly target: Int32Array;
  /** Per edge, the fairness families (bit k: the k-th) whose step it is. */
  readonly fair: Uint16Array;
  /** Per edge, bit k: its step disarms step property k (empty without step properties). */
  readonly disarms: Uint16Array;
  /** The position of edge `e`'s successor among its source's successors (path.ts). */
  readonly position: (e: number) => number;
  /** Bytes of the columns held in memory. */
  readonly memoryBytes: number;
  /** Bytes of the columns left on disk (0 when the edges never left memory). */
  readonly diskBytes: number;
  /** Closes the files; `position` may not be called afterwards. */
  readonly release: () => void;
}

const DEFAULT_IN_MEMORY = 1 << 22;
/** Elements a file column buffers before it writes them. */
const BLOCK = 1 << 16;

type Typed = Int32Array | Uint16Array;

/** An append-only column in an (unlinked) file. */
class FileColumn<T extends Typed> {
  private readonly fd: number;
  private readonly block: T;
  private buffered = 0;
  length = 0;

  constructor(
    private readonly path: string,
    private readonly make: (n: number) => T,
  ) {
    this.fd = openSync(path, 'w+');
    unlinkSync(path);
    this.block = make(BLOCK);
  }

  push(value: number): void {
    this.block[this.buffered++] = value;
    this.length++;
    if (this.buffered === BLOCK) this.flush();
  }

  flush(): void {
    if (this.buffered === 0) return;
    const bytes = new Uint8Array(this.block.buffer, 0, this.buffered * this.block.BYTES_PER_ELEMENT);
    writeAll(this.fd, bytes, (this.length - this.buffered) * this.block.BYTES_PER_ELEMENT);
    this.buffered = 0;
  }

  /** Every element, in an array of exactly that length. */
  readBack(): T {
    this.flush();
    const all = this.make(this.length);
    readAll(this.fd, new Uint8Array(all.buffer, 0, all.byteLength), 0, this.path);
    return all;
  }

  /** Element `i` (after a flush). */
  at(i: number): number {
    const one = this.make(1);
    readAll(this.fd, new Uint8Array(one.buffer), i * one.BYTES_PER_ELEMENT, this.path);
    return one[0]!;
  }

  get bytes(): number {
    return this.length * this.block.BYTES_PER_ELEMENT;
  }

  close(): void {
    closeSync(this.fd);
  }
}

interface Columns<C> {
  readonly target: C;
  readonly position: C;
  readonly fair: C;
  readonly disarms: C;
}

/** Where the build appends edges. */
export class EdgeStore {
  private memory: Columns<Column<Int32Array> | Column<Uint16Array>> | undefined;
  private files: Columns<FileColumn<Int32Array> | FileColumn<Uint16Array>> | undefined;
  private readonly inMemory: number;
  length = 0;

  /** With `withDisarms` false the disarm column stays empty (no step properties). */
  constructor(
    private readonly options: EdgeStoreOptions = {},
    private readonly withDisarms = false,
  ) {
    this.inMemory = options.inMemory ?? (options.workDir === undefined ? DEFAULT_IN_MEMORY : 0);
    this.memory = { target: int32Column(), position: uint16Column(), fair: uint16Column(), disarms: uint16Column() };
  }

  /** True once the edges have moved to files. */
  get onDisk(): boolean {
    return this.files !== undefined;
  }

  push(target: number, position: number, fair: number, disarms: number): void {
    if (this.memory !== undefined && this.length >= this.inMemory) this.spill();
    const c = (this.memory ?? this.files)!;
    c.target.push(target);
    c.position.push(position);
    c.fair.push(fair);
    if (this.withDisarms) c.disarms.push(disarms);
    this.length++;
  }

  /** Ends the build: the columns the search reads. */
  finish(): Edges {
    const count = this.length;
    if (this.memory !== undefined) {
      const target = this.memory.target.trimmed() as Int32Array;
      const position = this.memory.position.trimmed() as Uint16Array;
      const fair = this.memory.fair.trimmed() as Uint16Array;
      const disarms = this.memory.disarms.trimmed() as Uint16Array;
      this.memory = undefined;
      return {
        count,
        target,
        fair,
        disarms,
        position: (e) => position[e]!,
        memoryBytes: target.byteLength + position.byteLength + fair.byteLength + disarms.byteLength,
        diskBytes: 0,
        release: () => undefined,
      };
    }
    const files = this.files!;
    const target = files.target.readBack() as Int32Array;
    const fair = files.fair.readBack() as Uint16Array;
    const disarms = files.disarms.readBack() as Uint16Array;
    files.position.flush();
    for (const c of [files.target, files.fair, files.disarms]) c.close();
    return {
      count,
      target,
      fair,
      disarms,
      position: (e) => files.position.at(e),
      memoryBytes: target.byteLength + fair.byteLength + disarms.byteLength,
      diskBytes: files.position.bytes,
      release: () => {
        files.position.close();
      },
    };
  }

  /** Gives up the files of an unfinished build. */
  abandon(): void {
    const f = this.files;
    if (f !== undefined) for (const c of [f.target, f.position, f.fair, f.disarms]) c.close();
    this.files = undefined;
    this.memory = undefined;
  }

  /** Moves the edges so far to files; every later one goes there. */
  private spill(): void {
    const dir = mkdtempSync(join(this.options.workDir ?? tmpdir(), 'raft-check-edges-'));
    const files = {
      target: new FileColumn(join(dir, 'target'), (n) => new Int32Array(n)),
      position: new FileColumn(join(dir, 'position'), (n) => new Uint16Array(n)),
      fair: new FileColumn(join(dir, 'fair'), (n) => new Uint16Array(n)),
      disarms: new FileColumn(join(dir, 'disarms'), (n) => new Uint16Array(n)),
    };
    rmdirSync(dir);
    const memory = this.memory!;
    for (const name of ['target', 'position', 'fair', 'disarms'] as const) {
      const from = memory[name];
      const to = files[name];
      for (let i = 0; i < from.length; i++) to.push(from.array[i]!);
    }
    this.memory = undefined;
    this.files = files;
  }
}
