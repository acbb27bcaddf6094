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

/** The printed name of a value: v1 for 1. */
export function valueName(v: Value): string {
  return `v${v}`;
}
