// Child process for the concurrent-append test: appends COUNT lines to DIR/FILE through the
// product's own `writeFileOutput` (jsonl), tagged with its id. It prints `ready` once loaded and
// starts writing when a line arrives on its standard input, so every writer starts at once.
// Usage: node --import tsx append-child.mjs DIR FILE ID COUNT BIG
import { once } from 'node:events';
import { writeFileOutput } from '../../../src/core/output/file.ts';

const [dir, file, id, count, big] = process.argv.slice(2);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();
for (let i = 0; i < Number(count); i++) await writeFileOutput(dir, { type: 'file', path: file, format: 'jsonl' }, { p: id, i, big });
