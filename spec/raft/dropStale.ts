/** raft.tla DropStaleResponse, shared by the core's Receive (receive.ts) and the variants' handlers. */
import type { Cluster, MessageView } from './cluster.js';
import type { Emit } from './variants/variant.js';

/** raft.tla DropStaleResponse: a response from an older term is discarded. */
export function dropStaleResponse(c: Cluster, m: MessageView, emit: Emit): void {
  c.discard(m);
  emit('DropStaleResponse', '');
}
