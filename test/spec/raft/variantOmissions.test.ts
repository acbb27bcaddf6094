/**
 * The omissions issue 22 found silent when a variant was spread over many files, each kept here as a check of
 * the mechanism that now makes it loud: a type error (the `@ts-expect-error` lines: `npm run typecheck` fails
 * if one of them stops being an error), or a failing test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRaft } from '../../../harness/checkRaft.js';
import { Cluster } from '../../../spec/raft/cluster.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { Layout } from '../../../spec/raft/layout.js';
import { fastRaftModel, raftLayout, raftModel } from '../../../spec/raft/model.js';
import { actionTable, Successors } from '../../../spec/raft/next.js';
import { raftRules, type RaftRules } from '../../../spec/raft/rules.js';
import { restart } from '../../../spec/raft/restart.js';
import { isOn, VARIANT_NAMES, variantFlags, variantModules, type VariantFlags } from '../../../spec/raft/variants.js';
import { VARIANT_MODULES } from '../../../spec/raft/variants/registry.js';
import type { VariantField, VariantModule } from '../../../spec/raft/variants/variant.js';
import { receive } from '../../../spec/raft/receive.js';
import { userVacuity } from '../../../spec/raft/userVacuity.js';
import { invariantsFromItfMeta, raftTraceToItf } from '../../../traces/raft/itf.js';
import { codeLines, variantNamePattern } from '../../../scripts/variantTerms.js';

const SMALL: RaftConfig = {
  servers: 2,
  values: 1,
  maxTerm: 2,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 1,
  restart: true,
  duplicate: false,
  drop: true,
};

const modules = VARIANT_MODULES as readonly VariantModule[];

/** A one-word value other than the variable's initial one. */
function nonInitial(f: VariantField): unknown {
  switch (f.kind) {
    case 'bool':
      return true;
    case 'server?':
      return 1;
    case 'int':
      return f.initial + 1;
    case 'enum':
      return f.values.find((v) => v !== f.initial);
    case 'servers': // written with add() by the caller
    case 'perServer': // variant variables are one word
    case 'log':
      return undefined;
  }
}

/** Server 0 of a cluster holding every variant, with every variant variable away from its initial value. */
function dirty(): Cluster {
  const layout = new Layout(2, 2, 'all');
  const c = new Cluster(layout).begin(new Int32Array(layout.bagStart + 1));
  const me = c.server(0) as unknown as Record<string, unknown>;
  c.server(0).currentTerm = 1;
  for (const m of modules) {
    for (const [name, f] of Object.entries(m.fields)) {
      if (f.kind === 'servers') (me[name] as { add(j: number): void }).add(1);
      else me[name] = nonInitial(f);
    }
  }
  return c;
}

/** Whether variable `name` of server 0 is at its initial value. */
function isInitial(c: Cluster, name: string, f: VariantField): boolean {
  const v = (c.server(0) as unknown as Record<string, unknown>)[name];
  if (f.kind === 'servers') return (v as { size: number }).size === 0;
  return v === (f.kind === 'bool' ? false : f.kind === 'server?' ? null : (f as { initial?: unknown }).initial);
}

describe('omission 1: a variant variable not cleared on Restart', () => {
  it('cannot be written: every variable declares `resetOn` (a type error without it)', () => {
    // @ts-expect-error -- a variant variable without resetOn does not type-check
    const missing: VariantField = { kind: 'bool' };
    expect(missing.kind).toBe('bool');
  });

  it('the core resets, on Restart, every variable of every registered variant whose resetOn names it', () => {
    const c = dirty();
    restart(c, 0, raftRules);
    for (const m of modules) {
      for (const [name, f] of Object.entries(m.fields)) {
        expect(isInitial(c, name, f), `${m.variant.name}'s ${name} after Restart`).toBe(f.resetOn.includes('Restart'));
      }
    }
  });
});

describe('omission 2: a variant variable not cleared on UpdateTerm or BecomeLeader', () => {
  it('the core resets, on UpdateTerm, exactly the variables whose resetOn names it', () => {
    const c = dirty();
    c.send({ type: 'AppendEntriesResponse', source: 1, dest: 0, term: 5, success: false, matchIndex: 0 });
    const grown = new Int32Array(c.state);
    c.begin(grown);
    receive(c, c.message(0), raftRules, () => undefined);
    for (const m of modules) {
      for (const [name, f] of Object.entries(m.fields)) {
        expect(isInitial(c, name, f), `${m.variant.name}'s ${name} after UpdateTerm`).toBe(
          f.resetOn.includes('UpdateTerm'),
        );
      }
    }
  });

  it('the core resets, on BecomeLeader, exactly the variables whose resetOn names it', () => {
    const c = dirty();
    const me = c.server(0);
    me.state = 'Candidate';
    me.votesGranted.add(0);
    me.votesGranted.add(1);
    const becomeLeader = actionTable(false, modules).find((r) => r.name === 'BecomeLeader')!;
    expect(becomeLeader.run(c, 0, 0, raftRules)).toBe(true);
    for (const m of modules) {
      for (const [name, f] of Object.entries(m.fields)) {
        expect(isInitial(c, name, f), `${m.variant.name}'s ${name} after BecomeLeader`).toBe(
          f.resetOn.includes('BecomeLeader'),
        );
      }
    }
  });
});

describe("omission 3: a typo in a variant's name", () => {
  it('does not compile where a name is tested, and the flags are the registry names', () => {
    // @ts-expect-error -- 'check-qorum' is not a registered variant
    expect(isOn(['check-quorum'], 'check-qorum')).toBe(false);
    const flags: VariantFlags = variantFlags(['check-quorum']);
    // @ts-expect-error -- the flags are keyed by the registry's names, not by a hand-written camel case
    expect(flags.checkQuorum).toBeUndefined();
    expect(Object.keys(flags)).toEqual(VARIANT_NAMES);
    expect(flags['check-quorum']).toBe(true);
  });

  it('a configuration naming an unknown variant is refused in one line, so the counts cannot be the plain model', () => {
    expect(() => fastRaftModel({ ...SMALL, variants: ['check-qorum'] })).toThrow(/unknown variant 'check-qorum'/);
  });
});

describe('omission 4: the listing and successorOf using different forms of an action', () => {
  it('are one table: every listed successor is rebuilt alone, identical, for every variant', () => {
    for (const name of VARIANT_NAMES) {
      const config: RaftConfig = { ...SMALL, servers: name === 'membership' ? 3 : 2, variants: [name] };
      const layout = raftLayout(config);
      const listing = new Successors(layout, config, raftRules);
      const alone = new Successors(layout, config, raftRules);
      let frontier = [...fastRaftModel(config).initialStates()];
      for (let depth = 0; depth < 8; depth++) {
        const next: Int32Array[] = [];
        for (const s of frontier.slice(0, 40)) {
          listing.forEach(s, (code, t) => {
            const copy = new Int32Array(t.subarray(0, layout.length(t)));
            const built = alone.successorOf(s, code);
            expect(Array.from(built.subarray(0, layout.length(built))), `${name} ${code}`).toEqual(Array.from(copy));
            next.push(copy);
          });
        }
        frontier = next;
      }
    }
  });
});

describe("omission 5: a rule honoured by the core's action but not by a variant's copy of it", () => {
  it('no variant declares a core action: every configuration has one AdvanceCommitIndex, BecomeLeader, RequestVote', () => {
    const core = ['Timeout', 'RequestVote', 'BecomeLeader', 'ClientRequest', 'AdvanceCommitIndex', 'AppendEntries'];
    for (const m of modules) for (const a of m.actions) expect(core).not.toContain(a.name);
    const names = actionTable(true, modules).map((r) => r.name);
    for (const name of core) expect(names.filter((n) => n === name)).toHaveLength(1);
  });

  it("membership's commitment asks the rules' mayCommit, as raft.tla's does", () => {
    let asked = 0;
    const rules: RaftRules = {
      ...raftRules,
      mayCommit: (entryTerm, currentTerm) => {
        asked++;
        return entryTerm === currentTerm;
      },
    };
    const r = checkRaft({ ...SMALL, servers: 3, variants: ['membership'], restart: false, drop: false });
    expect(r.kind).toBe('ok');
    const layout = new Layout(3, 2, ['membership'], 0b011);
    const c = new Cluster(layout, variantModules(['membership'])).begin(new Int32Array(layout.bagStart + 1));
    const me = c.server(0);
    me.currentTerm = 2;
    me.state = 'Leader';
    me.log.append({ term: 2, value: 1 });
    me.matchIndex.set(1, 1);
    const advance = actionTable(false, variantModules(['membership'])).find((a) => a.name === 'AdvanceCommitIndex')!;
    expect(advance.run(c, 0, 0, rules)).toBe(true);
    expect(asked).toBe(1);
    expect(c.server(0).commitIndex).toBe(1);
  });
});

describe("omission 7: a user invariant about a variant's role, run without the variant, or replayed without its file", () => {
  const aboutPreCandidates = "(s) => Object.values(s.state).every((r) => r !== 'PreCandidate')";

  it('is warned of as vacuous when the variant is off or the role is misspelt, and not when it is on', () => {
    expect(userVacuity(aboutPreCandidates, [])).toEqual([
      "it tests 'PreCandidate', which only prevote has, and prevote is off",
    ]);
    expect(userVacuity(aboutPreCandidates, ['prevote'])).toEqual([]);
    expect(userVacuity(aboutPreCandidates.replace('PreCandidate', 'PreCandidat'), ['prevote'])).toEqual([
      "it tests 'PreCandidat', which no state has (not 'PreCandidate'?)",
    ]);
  });

  it("is named in a written trace's #meta, so that replay knows to run it (or to say it did not)", () => {
    const model = raftModel(SMALL);
    const trace = [{ state: model.initialStates()[0]!, action: null }];
    const itf = raftTraceToItf(trace, model, {
      status: 'violation',
      description: 'test',
      invariant: 'PreCandidateHasNoVotes',
      invariants: ['ElectionSafety', 'PreCandidateHasNoVotes'],
    });
    expect(invariantsFromItfMeta(itf.meta)).toEqual(['ElectionSafety', 'PreCandidateHasNoVotes']);
  });
});

describe('omission 8: a variant named in the trace validator, outside its module', () => {
  // The validator's core (traces/validate) reads each variant's events from its module: its event types, the
  // message a send carries, how a reply is worded, and why an event cannot follow (the action's own guards).
  // A variant's name, role, message type, action, handler label, variable or event type written into that
  // code would be a second place to keep equal; this fails when one is. Comment lines are not code.
  const folder = fileURLToPath(new URL('../../../traces/validate/', import.meta.url));
  const code = readdirSync(folder)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: codeLines(readFileSync(join(folder, f), 'utf8')) }));

  it.each(modules.map((m) => [m.variant.name, m] as const))('%s is named nowhere in its code', (_name, m) => {
    const named = variantNamePattern(m);
    expect(code.filter((f) => named.test(f.text)).map((f) => f.file)).toEqual([]);
    expect(code.length).toBeGreaterThan(10);
  });
});

describe('omission 9: a variant named in liveness or the timed simulator, or an action of its left unsaid there', () => {
  // Liveness (fairness groups, campaigning roles, --timers) and the timed simulator (which action the clocks
  // take when, and which variant election-timing refuses) read each variant's `liveness` and `timed` sections.
  // `cut`, partitions' variable, is also the English word (a scenario's cut links, states cut by the bounds):
  // it is left out of the terms here.
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const folders = ['spec/raft/liveness', 'timing'];
  const commands = ['cli/commands/liveness.ts', 'cli/commands/electionTiming.ts'];
  const files = [
    ...folders.flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${d}/${f}`),
    ),
    ...commands,
  ];
  const code = files.map((file) => ({ file, text: codeLines(readFileSync(join(root, file), 'utf8')) }));
  const ENGLISH = new Set(['cut']);

  it.each(modules.map((m) => [m.variant.name, m] as const))('%s is named nowhere in their code', (_name, m) => {
    const fields = Object.fromEntries(Object.entries(m.fields).filter(([name]) => !ENGLISH.has(name)));
    const named = variantNamePattern({ ...m, fields });
    expect(code.filter((f) => named.test(f.text)).map((f) => f.file)).toEqual([]);
    expect(code.length).toBeGreaterThan(15);
  });

  it.each(modules.map((m) => [m.variant.name, m] as const))(
    '%s says for each of its actions when the clocks take it, and names only its own in `liveness`',
    (_name, m) => {
      const own = m.actions.map((a) => a.name);
      expect(Object.keys(m.timed.actions).sort()).toEqual([...own].sort());
      for (const [name, t] of Object.entries(m.timed.actions)) {
        if (t?.when === 'elect') expect(m.roles, name).toContain(t.role);
      }
      if (m.timed.refused) expect(Object.values(m.timed.actions)).toContain(null);
      const labels = [...own, ...m.handlerNames];
      for (const names of Object.values(m.liveness.fairness)) for (const n of names) expect(labels).toContain(n);
      for (const name of Object.keys(m.liveness.timers)) expect(own).toContain(name);
      for (const role of m.liveness.campaigning) expect(m.roles).toContain(role);
      // Deliver is the handling of a message in the bag: every handler of its message types is in it.
      for (const handler of m.handlerNames) expect(m.liveness.fairness.Deliver ?? [], handler).toContain(handler);
    },
  );
});
