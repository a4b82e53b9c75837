import { describe, expect, it } from 'vitest';
import { canonicalEventPattern } from '../../src/model/event-pattern.js';

describe('canonicalEventPattern (shared by the spec loader and the events adapter)', () => {
  it('GIVEN the same pattern with keys and match lists reordered WHEN canonicalised THEN both are equal', () => {
    const written = { source: ['aws.backup'], detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] } };
    const returned = '{"detail":{"state":["EXPIRED","FAILED","ABORTED"]},"source":["aws.backup"]}';
    expect(canonicalEventPattern(written)).toEqual(canonicalEventPattern(returned));
  });

  it('GIVEN a numeric range filter WHEN canonicalised THEN its ordered operands keep their order', () => {
    const pattern = { detail: { size: [{ numeric: ['>', 0, '<=', 5] }] } };
    expect(canonicalEventPattern(pattern)).toEqual({ detail: { size: [{ numeric: ['>', 0, '<=', 5] }] } });
    expect(canonicalEventPattern(JSON.stringify(pattern))).toEqual(canonicalEventPattern(pattern));
  });

  it('GIVEN a JSON array instead of an object WHEN canonicalised THEN it is refused', () => {
    expect(() => canonicalEventPattern('[1]')).toThrow(/must be a JSON object/);
  });
});
