// Child process for the crash test: appends runs through the product's FileRunLog as fast as it can,
// 8 in flight at a time, and prints the id of each run whose append has completed (resolved).
// Usage: node --import tsx runlog-burst-child.mjs LOG_PATH
import { FileRunLog } from '../../src/core/runlog/index.ts';

const [path] = process.argv.slice(2);
const log = new FileRunLog(path);
const pad = 'p'.repeat(1500);
let next = 0;
async function lane() {
  for (;;) {
    const id = next++;
    await log.append({
      ts: new Date(Date.UTC(2024, 0, 1)).toISOString(),
      integration: 'burst',
      file: `${pad}/${id}.ion.yaml`,
      environment: null,
      trigger: 'manual',
      ok: true,
      status: 200,
      attempts: 1,
      durationMs: id,
      errorCode: null,
    });
    process.stdout.write(`${id}\n`);
  }
}
for (let i = 0; i < 8; i++) void lane();
