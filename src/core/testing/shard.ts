/**
 * `ion test --shard i/n` (docs/reference.md#ion-test): splits a suite across CI machines.
 * Every test is one item: the files are sorted by their path relative to the folder `ion test`
 * runs in ('/' separators, code-unit order), each file's tests stay in file order, and item k
 * (from 0) goes to shard (k mod n) + 1. A file without tests, or one that cannot be read or
 * parsed, is one item too, so its error is reported by exactly one shard. The same files give the
 * same split on every machine and every run; shards are disjoint and together cover the suite.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

/** `i/n` with 1 ≤ i ≤ n; throws an Error whose message says what is wrong. */
export function parseShard(value: string): Shard {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(value.trim());
  if (!m) throw new Error(`--shard must be i/n, e.g. 1/4 (got '${value}')`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1) throw new Error(`--shard ${value}: the number of shards must be at least 1`);
  if (index < 1 || index > total) throw new Error(`--shard ${value}: i must be between 1 and ${total}`);
  return { index, total };
}

export interface ShardFile {
  /** The path that orders the files: relative to the working folder, '/' separators. */
  key: string;
  /** Number of entries in its `tests:` (0 for a file without tests or with an error). */
  tests: number;
}

/** What one shard runs of each file: `tests` indexes, or the whole file (`whole`: no tests, or an error). */
export interface ShardPart {
  key: string;
  whole: boolean;
  tests: number[];
}

/** The parts of `files` that belong to `shard`, in sorted order (files with nothing here are left out). */
export function shardParts(files: readonly ShardFile[], shard: Shard): ShardPart[] {
  const sorted = [...files].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const parts: ShardPart[] = [];
  let k = 0;
  const mine = () => k++ % shard.total === shard.index - 1;
  for (const f of sorted) {
    if (f.tests === 0) {
      if (mine()) parts.push({ key: f.key, whole: true, tests: [] });
      continue;
    }
    const tests: number[] = [];
    for (let i = 0; i < f.tests; i++) if (mine()) tests.push(i);
    if (tests.length > 0) parts.push({ key: f.key, whole: false, tests });
  }
  return parts;
}
