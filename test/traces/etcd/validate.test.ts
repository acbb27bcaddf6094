/**
 * Validation of etcd-format traces (traces/etcd/): our fixtures (seeded walks of the etcd profile written as
 * etcd's trace logger writes them) validate, and each kind of mutation is rejected at the record it breaks, with
 * the disagreeing field named in etcd's terms.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEtcdTrace } from '../../../traces/etcd/read.js';
import { validateEtcdTrace, type EtcdValidation } from '../../../traces/etcd/validate.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/etcd/', import.meta.url));

interface Event {
  name: string;
  nid: string;
  state: { term: number; vote: string; commit: number };
  conf: string[][];
  msg?: { type: string; term: number; from: string; to: string };
}

function lines(file: string): string[] {
  return readFileSync(FIXTURES + file, 'utf8')
    .trimEnd()
    .split('\n');
}

function eventOf(line: string): Event {
  return (JSON.parse(line) as { event: Event }).event;
}

function withEvent(line: string, change: (e: Event) => void): string {
  const record = JSON.parse(line) as { event: Event };
  change(record.event);
  return JSON.stringify(record);
}

function validate(text: string[]): EtcdValidation {
  const read = readEtcdTrace(text.join('\n'));
  if (!read.ok) throw new Error(`fixture unreadable at ${read.line}`);
  return validateEtcdTrace(read.records);
}

/** Asserts a rejection at `line` (1-based) whose first reason matches `why`. */
function expectRejected(v: EtcdValidation, line: number, why: RegExp): void {
  expect(v.kind).toBe('rejected');
  if (v.kind !== 'rejected') return;
  expect(v.record.line).toBe(line);
  expect(v.why[0]).toMatch(why);
  expect(v.lastMatched?.line).toBeLessThan(line);
}

const firstIndex = (ls: string[], p: (e: Event) => boolean, from = 0): number =>
  ls.findIndex((l, k) => k >= from && p(eventOf(l)));

describe('etcd traces of our walks', () => {
  for (const file of ['walk-3-servers.ndjson', 'walk-reconfig.ndjson']) {
    it(`${file} validates, whatever the order of its lines in the file`, () => {
      const ls = lines(file);
      expect(validate(ls).kind).toBe('accepted');
      // validate.sh sorts by timestamp: the file's own order does not matter.
      expect(validate([...ls].reverse()).kind).toBe('accepted');
    });
  }

  it('ignores lines that are no trace records, and a prefix before the record', () => {
    const ls = lines('walk-3-servers.ndjson');
    const noisy = [
      '=== RUN   TestRaft',
      ...ls.map((l) => `2024/04/05 12:00:00 ${l}`),
      '{"level":"info","msg":"done"}',
      '',
    ];
    const v = validate(noisy);
    expect(v.kind).toBe('accepted');
    if (v.kind === 'accepted') expect(v.records).toBe(ls.length);
  });

  it('infers the nodes and the bootstrapped configuration', () => {
    const v = validate(lines('walk-reconfig.ndjson'));
    expect(v.kind).toBe('accepted');
    if (v.kind !== 'accepted') return;
    expect(v.cluster.ids).toEqual(['1', '2', '3', '4']);
    expect(v.cluster.initial.servers.map((s) => s.config.voters)).toEqual([7, 7, 7, 0]);
  });
});

describe('mutations of an etcd trace are rejected at the record they break', () => {
  const ls = lines('walk-reconfig.ndjson');

  it('a commit index raised', () => {
    const k = firstIndex(ls, (e) => e.name === 'Commit');
    const mutated = ls.map((l, n) => (n === k ? withEvent(l, (e) => (e.state.commit += 1)) : l));
    expectRejected(validate(mutated), k + 1, /state\.commit is \d+ in the trace, \d+ in the spec/);
  });

  it('a vote changed', () => {
    const k = firstIndex(ls, (e) => e.name === 'ReceiveAppendEntriesRequest');
    const other = (vote: string): string => (vote === '3' ? '2' : '3');
    const mutated = ls.map((l, n) => (n === k ? withEvent(l, (e) => (e.state.vote = other(e.state.vote))) : l));
    expectRejected(validate(mutated), k + 1, /state\.vote is "\d" in the trace, "\d" in the spec/);
  });

  it("a message's term changed", () => {
    const k = firstIndex(ls, (e) => e.name === 'SendAppendEntriesRequest' && e.msg?.type === 'MsgApp');
    const mutated = ls.map((l, n) => (n === k ? withEvent(l, (e) => (e.msg!.term += 1)) : l));
    expectRejected(validate(mutated), k + 1, /msg\.term is \d+ in the trace, \d+ in the spec/);
  });

  it('a configuration changed', () => {
    const k = firstIndex(ls, (e) => e.name === 'Commit');
    const mutated = ls.map((l, n) => (n === k ? withEvent(l, (e) => (e.conf[0] = e.conf[0]!.slice(1))) : l));
    expectRejected(validate(mutated), k + 1, /^after AdvanceCommitIndex\(\d\), conf is /);
  });

  it('a send removed: its receipt finds no message in flight', () => {
    const send = firstIndex(ls, (e) => e.name === 'SendAppendEntriesRequest' && e.msg?.type === 'MsgApp');
    const msg = JSON.stringify(eventOf(ls[send]!).msg);
    const receipt = firstIndex(
      ls,
      (e) => e.name === 'ReceiveAppendEntriesRequest' && JSON.stringify(e.msg) === msg,
      send,
    );
    expect(receipt).toBeGreaterThan(send);
    const mutated = ls.filter((_, n) => n !== send);
    // One line fewer before the receipt; the rejection names the receipt's line in the mutated file.
    expectRejected(validate(mutated), receipt, /^no message in flight from \d to \d is this MsgApp/);
  });

  it("a role change removed: the node's next record needs the role it no longer has", () => {
    const k = firstIndex(ls, (e) => e.name === 'BecomeLeader');
    const nid = eventOf(ls[k]!).nid;
    const next = firstIndex(ls, (e) => e.nid === nid, k + 1);
    const mutated = ls.filter((_, n) => n !== k);
    // One line fewer before the node's next record: its 1-based line in the mutated file is its old index.
    expectRejected(
      validate(mutated),
      next,
      /is not enabled: the sender must be the leader, and the spec has it StateCandidate/,
    );
  });

  it('two records swapped: a receipt before its send', () => {
    const send = firstIndex(ls, (e) => e.name === 'SendRequestVoteRequest');
    const msg = JSON.stringify(eventOf(ls[send]!).msg);
    const receipt = firstIndex(
      ls,
      (e) => e.name === 'ReceiveRequestVoteRequest' && JSON.stringify(e.msg) === msg,
      send,
    );
    const ts = (l: string): string => /"ts":([0-9.]+)/.exec(l)![1]!;
    const a = ts(ls[send]!);
    const b = ts(ls[receipt]!);
    const mutated = ls.map((l, n) => (n === send ? l.replace(a, b) : n === receipt ? l.replace(b, a) : l));
    expectRejected(validate(mutated), receipt + 1, /^no message in flight from \d to \d is this MsgVote/);
  });
});

describe('what the etcd profile does not model', () => {
  it('refuses a snapshot-send record in one reason', () => {
    const ls = lines('walk-3-servers.ndjson');
    const k = firstIndex(ls, (e) => e.name === 'SendAppendEntriesRequest');
    const v = validate(ls.map((l, n) => (n === k ? withEvent(l, (e) => (e.name = 'SendSnapshot')) : l)));
    expect(v.kind).toBe('unmodelled');
    if (v.kind === 'unmodelled') {
      expect(v.record.line).toBe(k + 1);
      expect(v.reason).toMatch(/^event SendSnapshot is not modelled/);
    }
  });

  it('refuses pre-vote roles', () => {
    const ls = lines('walk-3-servers.ndjson');
    const mutated = ls.map((l, n) => (n === 5 ? l.replace(/"role":"State\w+"/, '"role":"StatePreCandidate"') : l));
    const v = validate(mutated);
    expect(v.kind).toBe('unmodelled');
    if (v.kind === 'unmodelled') expect(v.reason).toMatch(/StatePreCandidate is not modelled/);
  });
});

describe('reading etcd trace lines', () => {
  it('names a malformed record and its line', () => {
    const ls = lines('walk-3-servers.ndjson');
    const truncated = ls.map((l, n) => (n === 9 ? l.slice(0, 120) : l));
    expect(readEtcdTrace(truncated.join('\n'))).toMatchObject({ ok: false, line: 10, problem: /^not JSON/ });
    const noState = ls.map((l, n) => (n === 3 ? withEvent(l, (e) => delete (e as Partial<Event>).state) : l));
    expect(readEtcdTrace(noState.join('\n'))).toMatchObject({
      ok: false,
      line: 4,
      problem: 'event.state must be an object',
    });
  });
});
