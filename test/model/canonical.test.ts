import { describe, expect, it } from 'vitest';
import { asSet, canonicalText, canonicalValue, sameAsSet, sameCanonical } from '../../src/model/canonical.js';

describe('canonical form', () => {
  it('GIVEN objects with keys in another order WHEN canonicalised THEN their text is equal', () => {
    expect(canonicalText({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(sameCanonical({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  });

  it('GIVEN arrays in another order WHEN compared canonically THEN they differ, and as sets they are equal', () => {
    expect(sameCanonical([1, 2], [2, 1])).toBe(false);
    expect(sameAsSet([{ id: 'b' }, { id: 'a' }], [{ id: 'a' }, { id: 'b' }])).toBe(true);
    expect(asSet({ x: [3, 1, 2] })).toEqual({ x: [1, 2, 3] });
  });

  it('GIVEN undefined members WHEN canonicalised THEN they are dropped, and undefined itself has a text', () => {
    expect(canonicalValue({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(canonicalText(undefined)).toBe('undefined');
    expect(sameCanonical(undefined, null)).toBe(false);
  });
});
