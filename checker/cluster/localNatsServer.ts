/**
 * A NATS server with JetStream on a loopback port, in a temporary directory, for tests and benches on one machine
 * (`nats-server` from the system, Debian's package). Not part of a cluster run itself: a user starts the cluster's
 * server the usual way (docs/adr/006).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalNatsServer {
  readonly url: string;
  readonly port: number;
  /** The server's monitoring endpoint (`/varz`: bytes and messages in and out), on loopback. */
  readonly monitorUrl: string;
  /** Stops the server (SIGTERM, then SIGKILL) and, unless `keepStore`, removes its directory. */
  stop(keepStore?: boolean): Promise<void>;
  /** Starts it again on the same port and store (a server restart). */
  restart(): Promise<void>;
}

/** Whether a `nats-server` binary is on the PATH. */
export function natsServerAvailable(): boolean {
  return spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A free loopback port (the kernel's pick, released at once). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Resolves once `port` accepts connections, or rejects after `ms`. */
async function waitListening(child: ChildProcess, port: number, ms: number): Promise<void> {
  const { connect } = await import('node:net');
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nats-server did not listen on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startLocalNatsServer(): Promise<LocalNatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'raft-check-nats-'));
  const port = await freePort();
  const monitor = await freePort();
  const config = join(dir, 'nats.conf');
  // Frontier batches are at most 256 KiB a message (checker/cluster/transport.ts); 2 MiB leaves room.
  writeFileSync(
    config,
    `listen: "127.0.0.1:${port}"\nhttp: "127.0.0.1:${monitor}"\nmax_payload: 2097152\n` +
      `jetstream { store_dir: "${join(dir, 'js')}" }\n`,
  );
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const c = spawn('nats-server', ['-c', config], { stdio: 'ignore' });
    child = c;
    await waitListening(c, port, 10_000);
  };
  const halt = async (): Promise<void> => {
    const c = child;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      c.once('exit', () => {
        resolve();
      }),
    );
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    monitorUrl: `http://127.0.0.1:${monitor}`,
    async stop(keepStore = false) {
      await halt();
      if (!keepStore) rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await start();
    },
  };
}
