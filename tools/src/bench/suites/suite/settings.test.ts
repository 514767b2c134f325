import { describe, expect, it } from 'vitest';
import { memoryDonor } from './settings';

describe('memoryDonor', () => {
  it('the same-task memory reads its own task, the other-task memory the next one (wrapping), the rest none', () => {
    expect(memoryDonor('regulome_memory_same', 3, 8)).toBe(3);
    expect(memoryDonor('regulome_memory_other', 3, 8)).toBe(4);
    expect(memoryDonor('regulome_memory_other', 7, 8)).toBe(0);
    expect(memoryDonor('regulome_fresh', 3, 8)).toBeUndefined();
    expect(memoryDonor('static', 0, 8)).toBeUndefined();
  });
});
