/**
 * The events of one harness step: what the acting node did, in the order it did it (the receive, then a timeout,
 * a win, a client request, a leader's commit, then its sends), from its state before and after the step and what
 * it wrote. Also counts the coverage witnesses a campaign reports.
 */
import type { Packet } from 'liferaft';
import { receiveEvent, sendEvent, type Answer, type Snapshot, type TraceLine } from './mapping.js';

/** Situations a run reached (a campaign sums them: what a clean verdict covered). */
export interface Witnesses {
  elections: number;
  /** Terms in which some node stood and nobody became leader. */
  splitVotes: number;
  /** Log entries a node removed or replaced after persisting them. */
  overwritten: number;
  /** Messages a leader sent while another node led a later term. */
  staleLeaderSends: number;
  crashes: number;
  commits: number;
}

/** What started a step. */
export type StepCause =
  | { kind: 'deliver'; from: string; packet: Packet }
  | { kind: 'timer' }
  | { kind: 'request'; value: string }
  | { kind: 'restart' }
  | { kind: 'none' };

export class StepRecorder {
  readonly witnesses: Witnesses = {
    elections: 0,
    splitVotes: 0,
    overwritten: 0,
    staleLeaderSends: 0,
    crashes: 0,
    commits: 0,
  };
  private readonly leaderOfTerm = new Set<number>();
  private readonly candidacies = new Set<number>();
  private highestLeaderTerm = -1;

  /** The events of `server`'s step, `b` and `a` its state before (undefined: it was down) and after. */
  stepEvents(
    server: string,
    cause: StepCause,
    b: Snapshot | undefined,
    a: Snapshot,
    answer: Answer,
    sends: readonly { to: string; packet: Packet }[],
  ): TraceLine[] {
    const w = this.witnesses;
    const out: TraceLine[] = [];
    if (cause.kind === 'deliver') {
      const e = receiveEvent(server, cause.from, cause.packet, answer, a);
      if (e !== undefined) out.push(e);
    }
    if (cause.kind === 'restart') {
      out.push({
        type: 'restart',
        server,
        currentTerm: a.term + 1,
        votedFor: a.votedFor,
        role: a.role,
        logLength: a.logLength,
        commitIndex: a.commitIndex,
      });
    }
    if (cause.kind === 'timer' && b !== undefined && a.term > b.term && a.role === 'Candidate') {
      out.push({ type: 'timeout', server, term: a.term + 1, role: 'Candidate', votedFor: a.votedFor });
      if (this.candidacies.has(b.term) && !this.leaderOfTerm.has(b.term)) w.splitVotes++;
      this.candidacies.add(a.term);
    }
    if (a.role === 'Leader' && (b === undefined || b.role !== 'Leader' || b.term !== a.term)) {
      out.push({ type: 'becomeLeader', server, term: a.term + 1 });
      w.elections++;
      this.leaderOfTerm.add(a.term);
      this.highestLeaderTerm = Math.max(this.highestLeaderTerm, a.term);
    }
    if (cause.kind === 'request') {
      out.push({ type: 'clientRequest', server, value: cause.value, term: a.term + 1, logLength: a.logLength });
    }
    // A follower's commit index moves with the AppendEntries it accepts: it is on that receive event.
    const commitShown = out.some((e) => e.type === 'receiveAppendEntries');
    if (b !== undefined && a.commitIndex > b.commitIndex && !commitShown && cause.kind !== 'restart') {
      out.push({ type: 'commit', server, commitIndex: a.commitIndex });
    }
    if (b !== undefined && a.commitIndex > b.commitIndex) w.commits += a.commitIndex - b.commitIndex;
    for (const s of sends) {
      const e = sendEvent(server, s.to, s.packet);
      if (e === undefined) continue;
      if (a.role === 'Leader' && a.term < this.highestLeaderTerm) w.staleLeaderSends++;
      out.push(e);
    }
    return out;
  }
}
