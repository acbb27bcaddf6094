/** This installation of raft-check: its version and its root (the folder above cli/, in dist/ or installed). */
import { readFileSync } from 'node:fs';

/** The version in package.json (two folders up from this file, in the repository and installed). */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** The compiled package's root as a URL ending in '/': cluster workers resolve a run's recipe module against it. */
export function packageRoot(): string {
  return new URL('../', import.meta.url).href;
}
