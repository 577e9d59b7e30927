import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, tuneGarbageCollection } from './gc-tuning.js';

describe('garbage collection tuning', () => {
  it('sets the heap growth when the operator has not', () => {
    expect(tuneGarbageCollection(['--enable-source-maps'], '--max-old-space-size=512')).toBe(HEAP_GROWING_PERCENT);
  });

  it("leaves an operator's own heap growth alone, on the command line or in NODE_OPTIONS", () => {
    expect(tuneGarbageCollection(['--heap-growing-percent=150'], '')).toBeNull();
    expect(tuneGarbageCollection([], '--enable-source-maps --heap_growing_percent=150')).toBeNull();
  });
});
