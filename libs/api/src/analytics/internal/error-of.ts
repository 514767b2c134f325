import { EpigenomeError } from '@epigenome/core';

/** For tests: the `EpigenomeError` that `fn` throws (any other outcome fails the test). */
export function errorOf(fn: () => unknown): EpigenomeError {
  try {
    fn();
  } catch (error) {
    if (EpigenomeError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an EpigenomeError');
}
