import type { SERVER_SCHEMA } from './schema.js';

/** A server's index, 0 to N−1 (printed s1..sN). */
export type ServerId = number;
/** A client value, 1 to K (printed v1..vK). */
export type Value = number;
export type Term = number;

/** A server's role, as schema.ts lists them. */
export type Role = (typeof SERVER_SCHEMA)['state']['values'][number];

/** The printed name of a server: s1 for index 0. */
export function serverName(i: ServerId): string {
  return `s${i + 1}`;
}

/**
 * The printed name of an entry's value: v1 for 1; a membership configuration (a negative value, logEntry.ts) as
 * its servers, `{s1,s2,s3}`.
 */
export function valueName(v: Value): string {
  if (v >= 0) return `v${v}`;
  const names: string[] = [];
  for (let j = 0; 1 << j <= -v; j++) if ((-v & (1 << j)) !== 0) names.push(serverName(j));
  return `{${names.join(',')}}`;
}
