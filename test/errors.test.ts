import { describe, expect, it } from 'vitest';
import { describeFileError } from '../src/errors.js';

const fsError = (code: string, message = `${code}: something, open '/x/y'`) =>
  Object.assign(new Error(message), { code });

describe('describeFileError', () => {
  it.each([
    ['ENOENT', 'read', 'no such file'],
    ['ENOENT', 'write', 'the directory does not exist'],
    ['EISDIR', 'read', 'it is a directory'],
    ['EISDIR', 'write', 'it is a directory'],
    ['ENOTDIR', 'read', 'a part of the path is a file, not a directory'],
    ['EEXIST', 'write', 'a part of the path is a file, not a directory'],
    ['EACCES', 'read', 'permission denied'],
    ['EPERM', 'write', 'permission denied'],
  ] as const)(
    'GIVEN a file-system error %s WHEN a %s fails THEN the reason is in words, without the path',
    (code, op, words) => {
      expect(describeFileError(fsError(code), op)).toBe(words);
    },
  );

  it("GIVEN an error code it has no words for WHEN described THEN Node's own message", () => {
    expect(describeFileError(fsError('EMFILE', 'EMFILE: too many open files'), 'read')).toBe(
      'EMFILE: too many open files',
    );
    expect(describeFileError('odd', 'read')).toBe('odd');
  });
});
