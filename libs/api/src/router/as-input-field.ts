import { EpigenomeError } from '@epigenome/core';

/**
 * Runs `work`, renaming the field of an `EpigenomeError` it throws from the store's name for it
 * (`markId`) to the procedure's input field (`id`), so the client reads the field it sent.
 */
export async function asInputField<T>(storeField: string, inputField: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!EpigenomeError.isInstance(error) || error.field !== storeField) throw error;
    throw new EpigenomeError({
      code: error.code,
      field: inputField,
      value: error.value,
      ...(error.allowed !== undefined ? { allowed: error.allowed } : {}),
      message: error.message.replace(`(${storeField})`, `(${inputField})`),
      cause: error,
    });
  }
}
