/** Counterexamples for people: numbered steps, one line per action, and under it only what changed. */
import type { Trace } from '../checker/trace.js';

export interface TraceRendering<S, A> {
  formatAction(action: A): string;
  /** Lines describing what changed from `before` to `after`. */
  describeChanges(before: S, after: S): string[];
}

/** Renders `trace` as numbered lines; step 1 is the initial state. */
export function formatTrace<S, A>(trace: Trace<S, A>, how: TraceRendering<S, A>): string {
  const width = String(trace.length).length;
  const lines: string[] = [];
  trace.forEach((step, k) => {
    const number = String(k + 1).padStart(width);
    if (step.action === null) {
      lines.push(`${number}  Init`);
      return;
    }
    lines.push(`${number}  ${how.formatAction(step.action)}`);
    const before = trace[k - 1]!.state;
    const changes = how.describeChanges(before, step.state);
    for (const c of changes.length > 0 ? changes : ['(no change)']) lines.push(`${' '.repeat(width)}     ${c}`);
  });
  return lines.join('\n');
}
