/** A fake clock whose sleep resolves at once and records the waits, and a seeded random source. */
import type { Clock, Random } from '../../src/core/ports';

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

/** mulberry32: a small deterministic PRNG in [0, 1). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
