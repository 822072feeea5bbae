/**
 * `npm run demo` (dist/demo.js): the embedded default. Starts the bundled demo API on 127.0.0.1
 * (a free port), runs an example integration through the real engine (bearer auth from a demo
 * secret, the demo's 429 with Retry-After retried, the seed's transform in the sandbox, a jsonl
 * output written under examples/out/), prints the result as `ion run` does, and stops the server.
 *   node dist/demo.js [FILE...] [--all]   (default: examples/crm-customer.ion.yaml)
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { runIntegration, defaultRunHooks } from '../core/engine';
import { closeSharedTransports } from '../core/http';
import { parseIntegration } from '../core/parse';
import type { SecretSource } from '../core/ports';
import { FileRunLog } from '../core/runlog';
import { discoverIntegrationFiles } from '../core/testing';
import { renderRunResult, style } from '../cli/render/run-result';
import { formatDuration } from '../core/units';
import { demoSecrets } from './credentials';
import { startDemoServer } from './server';

const root = resolve(__dirname, '..');

async function main(argv: string[]): Promise<number> {
  const s = style(Boolean(process.stdout.isTTY));
  const files = argv.includes('--all')
    ? await discoverIntegrationFiles([join(root, 'examples')])
    : argv.filter((a) => !a.startsWith('--')).map((f) => resolve(f));
  if (files.length === 0) files.push(join(root, 'examples', 'crm-customer.ion.yaml'));

  const server = await startDemoServer({ port: 0 });
  const values = demoSecrets(server.url);
  const secrets: SecretSource = {
    get: async (name) => values[name],
    // The demo secrets may go only to the demo API: the same origin binding a user would set.
    allowOrigin: async (_name, origin) => origin === server.url,
  };
  process.stdout.write(`${s.bold('Gateway Ion demo')}: the demo API is listening on ${server.url}\n`);
  process.stdout.write(s.dim(`secrets come from the demo's own values and may only go to ${server.url}\n\n`));
  let failed = 0;
  try {
    for (const file of files) {
      const parsed = parseIntegration(await readFile(file, 'utf8'), { fileName: file });
      process.stdout.write(`${s.bold('$ ion run')} ${relative(process.cwd(), file)} --var baseUrl=${server.url}\n`);
      const result = await runIntegration(parsed, {
        file,
        vars: { baseUrl: server.url },
        secrets,
        env: process.env,
        trigger: 'manual',
        hooks: defaultRunHooks({ runLog: new FileRunLog(resolve('.ion', 'runs.jsonl')) }),
        onEvent: (e) => {
          if (e.type === 'attempt-end') {
            process.stdout.write(s.dim(`  … attempt ${e.attempt}: ${e.status ?? e.error} in ${formatDuration(e.durationMs)}\n`));
          } else if (e.type === 'wait') {
            process.stdout.write(s.dim(`  … waiting ${formatDuration(e.waitMs)} (${e.reason === 'retry-after' ? 'the server sent Retry-After' : 'backoff'})\n`));
          }
        },
      });
      process.stdout.write(renderRunResult(result, s));
      const outputs = parsed.value?.output?.to?.filter((t) => t.type === 'file') ?? [];
      for (const o of outputs) if (result.ok && o.type === 'file') process.stdout.write(s.dim(`  wrote ${relative(process.cwd(), resolve(file, '..', o.path))}\n`));
      process.stdout.write('\n');
      if (!result.ok) failed++;
    }
  } finally {
    await server.close();
    await closeSharedTransports();
  }
  process.stdout.write(`${files.length - failed} of ${files.length} run(s) succeeded; the run log is .ion/runs.jsonl; the demo API is stopped.\n`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`demo: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
