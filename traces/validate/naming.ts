/**
 * How a trace names servers and values. The model's servers are s1..sN and its values v1..vK; a trace may use the
 * implementation's own names instead (A..E, "x"), listed in its header in model order, so A is s1.
 */
import { serverName, valueName, type ServerId, type Value } from '../../spec/raft/types.js';

export interface Naming {
  /** The trace's name of server s(k+1) at position k. */
  readonly servers: readonly string[];
  /** The trace's name of value v(k+1) at position k. */
  readonly values: readonly string[];
}

/** The model's own names: s1..sN and v1..vK. */
export function modelNaming(servers: number, values: number): Naming {
  return {
    servers: Array.from({ length: servers }, (_, k) => serverName(k)),
    values: Array.from({ length: values }, (_, k) => valueName(k + 1)),
  };
}

/** The server a trace name stands for, or undefined. */
export function serverId(naming: Naming, name: string): ServerId | undefined {
  const k = naming.servers.indexOf(name);
  return k < 0 ? undefined : k;
}

/** The value a trace name stands for, or undefined. */
export function valueId(naming: Naming, name: string): Value | undefined {
  const k = naming.values.indexOf(name);
  return k < 0 ? undefined : k + 1;
}

/** `A=s1 B=s2 ...`, or '' when the trace uses the model's names. */
export function describeNaming(naming: Naming): string {
  const renamed = naming.servers.some((name, k) => name !== serverName(k));
  return renamed ? naming.servers.map((name, k) => `${name}=${serverName(k)}`).join(' ') : '';
}
