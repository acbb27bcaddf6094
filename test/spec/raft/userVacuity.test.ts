import { describe, expect, it } from 'vitest';
import { userVacuity } from '../../../spec/raft/userVacuity.js';

describe("userVacuity reads what a user's invariant tests", () => {
  const aboutPreCandidates = (s: { state: Record<string, string> }): boolean =>
    Object.values(s.state).every((r) => r !== 'PreCandidate');

  it("warns of a variant's role tested while the variant is off, and not while it is on", () => {
    expect(userVacuity(aboutPreCandidates.toString(), [])).toEqual([
      "it tests 'PreCandidate', which only prevote has, and prevote is off",
    ]);
    expect(userVacuity(aboutPreCandidates.toString(), ['prevote'])).toEqual([]);
  });

  it("warns of a variant's variable read while the variant is off", () => {
    const source = '(s) => Object.values(s.heardFromLeader).every((h) => h === false)';
    expect(userVacuity(source, ['check-quorum'])).toEqual([
      "it reads heardFromLeader, prevote's variable, and prevote is off",
    ]);
    expect(userVacuity(source, ['prevote'])).toEqual([]);
  });

  it('warns of a misspelt role and names the role it is close to', () => {
    expect(userVacuity("(s) => Object.values(s.state).filter((r) => r === 'Leeder').length <= 1", [])).toEqual([
      "it tests 'Leeder', which no state has (not 'Leader'?)",
    ]);
  });

  it("says nothing of an invariant that tests raft.tla's own values and variables", () => {
    const source = "(s) => Object.values(s.state).filter((r) => r === 'Leader').length <= 1 && s.messages.length < 9";
    expect(userVacuity(source, [])).toEqual([]);
  });
});
