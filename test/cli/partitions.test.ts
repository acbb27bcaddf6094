import { describe, expect, it } from 'vitest';
import { raftCheck } from '../fixtures/raftCheckCli.js';

const SMALL = ['--servers', '2', '--max-term', '2', '--max-log', '0', '--no-restart', '--no-drop', '--quiet'];

// Three servers, every link up, no prevote: commit-needs-all must reach both followers to commit.
const ALL_MUST_HOLD = [
  ...['--servers', '3', '--max-term', '2', '--max-log', '1', '--no-restart', '--no-drop', '--quiet', '--timers'],
  ...['--bug', 'commit-needs-all', '--properties', 'CommitProgress'],
];
const FAIR = 'Deliver,Timeout,BecomeLeader,AdvanceCommitIndex';

describe('--partitions and per-instance fairness on the command line', () => {
  it('--partitions K switches the variant on and says so in the model line', async () => {
    const run = await raftCheck(...SMALL, '--partitions', '2');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('variant partitions, partitions 2');
  });

  it('refuses what cannot work, in one line each, with exit 2', async () => {
    for (const [args, message] of [
      [[...SMALL, '--partitions', '0'], '--partitions must be an integer from 1 to 20, got 0'],
      [[...SMALL, '--partitions', 'two'], "--partitions takes an integer, got 'two'"],
      [['--servers', '1', '--partitions', '1'], '--partitions needs at least 2 servers'],
      [['election-timing', '--variant', 'partitions'], '--variant partitions does not apply to election-timing'],
      [
        [...SMALL, '--partitions', '1', '--partition-links', 's1-s2'],
        '--partition-links applies with --properties only',
      ],
      [
        [...SMALL, '--properties', 'EventuallyLeader', '--partition-links', 's1-s2'],
        '--partition-links needs --variant partitions',
      ],
      [
        [
          '--servers',
          '3',
          '--partitions',
          '1',
          '--links',
          's1-s2',
          '--partition-links',
          's2-s3',
          '--properties',
          'EventuallyLeader',
        ],
        "--partition-links: 's2-s3' is not one of --links",
      ],
      [
        [...SMALL, '--properties', 'EventuallyLeader', '--fair', 'Timeout@pairs'],
        'Timeout names one server, not a pair',
      ],
      [[...SMALL, '--properties', 'EventuallyLeader', '--fair', 'Deliver@each'], 'after @ comes servers or pairs'],
      [
        ['--servers', '5', '--properties', 'EventuallyLeader', '--fair', 'Deliver@pairs'],
        '--fair: 20 conditions on 5 servers',
      ],
    ] as const) {
      const run = await raftCheck(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
  });

  it('per-pair fairness differs from the family: WF(AppendEntries) lets a leader starve one follower', async () => {
    // Family: the leader sends its AppendEntries to s2 only, forever, and commit-needs-all never commits.
    const family = await raftCheck(...ALL_MUST_HOLD, '--fair', `${FAIR},AppendEntries`);
    expect(family.code).toBe(1);
    expect(family.stdout).toContain('CommitProgress@1             VIOLATED');
    // One condition per pair: AppendEntries s1→s3 is always enabled, so it is taken, and the entry commits.
    const pairs = await raftCheck(...ALL_MUST_HOLD, '--fair', `${FAIR},AppendEntries@pairs`);
    expect(pairs.code).toBe(0);
    expect(pairs.stdout).toContain(
      'fairness: WF(Deliver), WF(Timeout), WF(BecomeLeader), WF(AdvanceCommitIndex), WF(AppendEntries@pairs)',
    );
    expect(pairs.stdout).toContain('CommitProgress@1             holds');
    expect(/states: .*/.exec(pairs.stdout)![0]).toBe(/states: .*/.exec(family.stdout)![0]);
  });
});
