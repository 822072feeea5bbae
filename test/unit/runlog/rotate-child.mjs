// Child process for the rotation test: appends COUNT entries tagged with its id, 4 at a time,
// to a log that rotates at MAX_BYTES and keeps KEEP files.
// Usage: node --import tsx rotate-child.mjs LOG_PATH ID COUNT MAX_BYTES KEEP
import { FileRunLog } from '../../../src/core/runlog/index.ts';

const [path, id, count, maxBytes, keep] = process.argv.slice(2);
const log = new FileRunLog(path, { maxBytes: Number(maxBytes), keep: Number(keep) });
const pad = 'x'.repeat(500);
for (let i = 0; i < Number(count); i += 4) {
  const batch = [];
  for (let j = i; j < Math.min(Number(count), i + 4); j++) {
    batch.push(
      log.append({
        ts: new Date(Date.UTC(2024, 0, 1, 0, 0, 0, j)).toISOString(),
        integration: `proc-${id}`,
        file: `${pad}/${id}/${j}.ion.yaml`,
        environment: null,
        trigger: 'manual',
        ok: true,
        status: 200,
        attempts: 1,
        durationMs: j,
        errorCode: null,
      }),
    );
  }
  await Promise.all(batch);
}
