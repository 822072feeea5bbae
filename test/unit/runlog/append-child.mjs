// Child process for the concurrent-append test: appends N entries tagged with its id.
// Usage: node --import tsx append-child.mjs LOG_PATH ID COUNT
import { FileRunLog } from '../../../src/core/runlog/index.ts';

const [path, id, count] = process.argv.slice(2);
const log = new FileRunLog(path);
const pad = 'x'.repeat(2000);
const jobs = [];
for (let i = 0; i < Number(count); i++) {
  jobs.push(
    log.append({
      ts: new Date(Date.UTC(2024, 0, 1, 0, 0, i % 60)).toISOString(),
      integration: `proc-${id}`,
      file: `${pad}/${id}/${i}.ion.yaml`,
      environment: null,
      trigger: 'manual',
      ok: true,
      status: 200,
      attempts: 1,
      durationMs: i,
      errorCode: null,
    }),
  );
}
await Promise.all(jobs);
