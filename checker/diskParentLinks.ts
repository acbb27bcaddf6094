/**
 * Parent links in a file: the parallel search appends one 6-byte record per state (parent id, position), in id
 * order, and reads them back only to rebuild a counterexample, one record per step. So what the links cost in
 * memory is a fixed buffer, whatever the number of states, and the disk holds 6 bytes a state.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, ftruncateSync, openSync, readSync, rmSync } from 'node:fs';
import { readAll, writeAll } from './fileBytes.js';

const RECORD = 6;
const BUFFERED = 1 << 16;

export class DiskParentLinks {
  private readonly fd: number;
  private readonly buffer = Buffer.alloc(BUFFERED * RECORD);
  private buffered = 0;
  private written = 0;
  size = 0;

  /** Creates (or empties) the file at `path`; with `from`, starts as a copy of its first `size` links. */
  constructor(
    private readonly path: string,
    from?: { readonly file: string; readonly size: number },
  ) {
    if (from === undefined) this.fd = openSync(path, 'w+');
    else {
      copyFileSync(from.file, path);
      this.fd = openSync(path, 'r+');
      ftruncateSync(this.fd, from.size * RECORD);
      this.size = from.size;
      this.written = from.size;
    }
  }

  /**
   * Brings the file at `file` (a checkpoint's links) up to the links recorded so far, given that its first `from`
   * links are already this search's: they stay as they are, anything after them is cut, the rest is appended and
   * the file synced. So a checkpoint writes only what was added since the previous one, and a checkpoint that
   * names fewer links (the previous one, should this one not be committed) still reads its own prefix.
   */
  appendTo(file: string, from: number): void {
    this.flush();
    const fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    try {
      ftruncateSync(fd, from * RECORD);
      const chunk = Buffer.alloc(BUFFERED * RECORD);
      for (let at = from * RECORD, end = this.size * RECORD; at < end;) {
        const read = readSync(this.fd, chunk, 0, Math.min(chunk.byteLength, end - at), at);
        if (read === 0) throw new Error(`parent links: ${this.path} ends before its ${this.size} links`);
        writeAll(fd, chunk.subarray(0, read), at);
        at += read;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Bytes held in memory (the write buffer). */
  get bytes(): number {
    return this.buffer.byteLength;
  }

  /** Bytes on disk. */
  get diskBytes(): number {
    return this.size * RECORD;
  }

  /** Records a state and returns its id. */
  add(parent: number, position: number): number {
    if (position > 0xffff) throw new Error('check: a state has more than 65536 successors; positions do not fit');
    const at = this.buffered * RECORD;
    this.buffer.writeInt32LE(parent, at);
    this.buffer.writeUInt16LE(position, at + 4);
    if (++this.buffered === BUFFERED) this.flush();
    return this.size++;
  }

  /** Positions from the initial state down to `id`: the first is the initial state's index. */
  pathTo(id: number): number[] {
    this.flush();
    const record = Buffer.alloc(RECORD);
    const path: number[] = [];
    for (let at = id; at !== -1;) {
      readAll(this.fd, record, at * RECORD, `parent links ${this.path}`);
      path.push(record.readUInt16LE(4));
      at = record.readInt32LE(0);
    }
    return path.reverse();
  }

  /** Closes and deletes the file. */
  close(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    if (this.buffered === 0) return;
    writeAll(this.fd, this.buffer.subarray(0, this.buffered * RECORD), this.written * RECORD);
    this.written += this.buffered;
    this.buffered = 0;
  }
}
