import { describe, expect, it } from 'vitest';
import { formatRange, parseRange } from '../../timing/range.js';

describe('parseRange', () => {
  it.each([
    ['150-300', { min: 150, max: 300 }],
    ['150-150', { min: 150, max: 150 }],
    ['15', { min: 15, max: 15 }],
    ['0.5-2.5', { min: 0.5, max: 2.5 }],
  ])('reads %s', (text, range) => {
    expect(parseRange(text)).toEqual(range);
  });

  it.each([
    ['300-150', 'MIN <= MAX'],
    ['-5', 'negative'],
    ['-5-10', 'negative'],
    ['5-x', 'MIN-MAX'],
    ['', 'MIN-MAX'],
  ])('rejects %s with one line naming the problem', (text, problem) => {
    const error = parseRange(text);
    expect(typeof error).toBe('string');
    expect(error).toContain(problem);
    expect(error).not.toContain('\n');
  });

  it('writes a range back the way it reads it', () => {
    expect(formatRange({ min: 150, max: 155 })).toBe('150-155');
  });
});
