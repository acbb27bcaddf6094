// The Die Hard jugs puzzle as a model: can a 3-gallon and a 5-gallon jug measure out 4 gallons?
import { check, encodeValue, type Model } from 'raft-check';

interface Jugs {
  small: number;
  big: number;
}
type Pour = 'FillSmall' | 'FillBig' | 'EmptySmall' | 'EmptyBig' | 'SmallToBig' | 'BigToSmall';

export const dieHard: Model<Jugs, Pour> = {
  initialStates: () => [{ small: 0, big: 0 }],
  next: ({ small, big }) => {
    const toBig = Math.min(small, 5 - big);
    const toSmall = Math.min(big, 3 - small);
    const moves: [Pour, Jugs][] = [
      ['FillSmall', { small: 3, big }],
      ['FillBig', { small, big: 5 }],
      ['EmptySmall', { small: 0, big }],
      ['EmptyBig', { small, big: 0 }],
      ['SmallToBig', { small: small - toBig, big: big + toBig }],
      ['BigToSmall', { small: small + toSmall, big: big - toSmall }],
    ];
    return moves.map(([action, state]) => ({ action, state }));
  },
  invariants: [{ name: 'NotFourGallons', holds: (s) => s.big !== 4 }],
  bounds: [],
  encode: encodeValue,
  actionName: (a) => a,
  formatAction: (a) => a,
};

const result = check(dieHard);
if (result.kind === 'violation') {
  console.log(`${result.invariant} fails: ${result.trace.map((s) => s.action ?? 'Init').join(' → ')}`);
}
