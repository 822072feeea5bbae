/** A fake clock whose sleep resolves at once and records the waits, and a seeded random source. */
import type { Clock } from '../../src/core/ports';

export interface FakeClock extends Clock {
  waits: number[];
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2024, 0, 1)): FakeClock {
  let t = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      waits.push(ms);
      t += ms;
    },
  };
}

/** The core's mulberry32 PRNG in [0, 1): one implementation for fixture tests and unit tests. */
export { seededRandom } from '../../src/core/testing/dummies';
