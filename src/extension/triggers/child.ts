/**
 * The trigger host: the child process the editor's "Start Triggers" forks (built as
 * dist/serve-host.js). It runs the same `startServe` as `ion serve` (docs/reference.md#ion-serve),
 * asks the extension for each secret over IPC (protocol.ts), masks every line it sends back, and
 * stops on a `stop` message, SIGTERM or when the extension goes away. No `vscode` here.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { closeSharedTransports } from '../../core/http';
import type { IntegrationFile } from '../../core/model';
import { parseIntegration } from '../../core/parse';
import type { SecretSource } from '../../core/ports';
import { Masker } from '../../core/secrets';
import { signHeaders, startServe, type ServeHandle, type ServeTarget } from '../../core/serve';
import type { FromChild, HookInfo, StartMessage, TestEventMessage, ToChild, TriggerStatus } from './protocol';

const STATUS_EVERY_MS = 2000;

const send = (m: FromChild): void => {
  if (process.connected) process.send?.(m);
};
const masker = new Masker();
const log = (level: 'info' | 'warn' | 'error', line: string): void => send({ type: 'log', level, line: masker.mask(line) });

let nextId = 1;
const pending = new Map<number, (m: ToChild) => void>();
const ask = (m: FromChild & { id: number }): Promise<ToChild> =>
  new Promise((resolve) => {
    pending.set(m.id, resolve);
    send(m);
  });

const secrets: SecretSource = {
  get: async (name, environment) => {
    const answer = await ask({ type: 'secret-get', id: nextId++, name, environment });
    const value = answer.type === 'secret' ? answer.value : null;
    if (value) masker.add(value, name);
    return value ?? undefined;
  },
  allowOrigin: async (name, origin) => {
    const answer = await ask({ type: 'origin-ask', id: nextId++, name, origin });
    return answer.type === 'origin' && answer.allowed;
  },
};

let handle: ServeHandle | undefined;
let served: ServeTarget[] = [];
let environment: string | undefined;
let statusTimer: NodeJS.Timeout | undefined;
let stopping: Promise<void> | undefined;

function status(h: ServeHandle): TriggerStatus {
  const next = (h.scheduler?.nextRuns() ?? []).filter((r) => r.nextRun !== null).sort((a, b) => a.nextRun!.localeCompare(b.nextRun!))[0];
  return { served: h.metrics.webhookCount('accepted'), nextSchedule: next ? { integration: next.integration, at: next.nextRun! } : null };
}

async function start(m: StartMessage): Promise<void> {
  const targets: ServeTarget[] = [];
  const skipped: string[] = [];
  for (const file of m.files) {
    const parsed = parseIntegration(await readFile(file, 'utf8'), { fileName: file });
    const trigger = (parsed.value as IntegrationFile | undefined)?.trigger?.type;
    // Only files that serve something, and only valid ones: a broken file elsewhere in the folder
    // does not keep the others from starting (it is named in the log).
    if (trigger !== 'webhook' && trigger !== 'schedule') continue;
    if (parsed.hasErrors || !parsed.value) skipped.push(file);
    else targets.push({ file, parsed });
  }
  served = targets;
  environment = m.environment;
  handle = await startServe({
    targets,
    host: m.host,
    port: m.port,
    environment: m.environment,
    runLogPath: m.runLogPath,
    inboxDir: m.inboxDir,
    webhooks: m.webhooks,
    schedules: m.schedules,
    secrets,
    env: m.env,
    log: (line) => {
      log('info', line);
      if (handle) send({ type: 'status', ...status(handle) });
    },
    // Masked by the engine already; masked again with every secret this process has handed out.
    onRun: (entry, result) => send({ type: 'run', entry, result: masker.maskDeep(result) }),
    onAlert: (alert) => send({ type: 'alert', alert: masker.maskDeep(alert) }),
  });
  const h = handle;
  const health = (await (await fetch(`${h.url}/healthz`)).json()) as { webhooks: HookInfo[] };
  send({ type: 'started', url: h.url, port: h.port, webhooks: health.webhooks, schedules: h.scheduler?.nextRuns().length ?? 0, skipped });
  send({ type: 'status', ...status(h) });
  statusTimer = setInterval(() => send({ type: 'status', ...status(h) }), STATUS_EVERY_MS);
}

const SECRET_REF = /^\{\{\s*secret\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/;

/**
 * Send Test Event: posts `input` to the listener at the integration's webhook path, signed with its
 * configured secret by the same signer the tests of `ion serve` use, so the push flow can be tried
 * without the real app. The answer is the listener's (202 + runId, 401, 413, …).
 */
async function testEvent(m: TestEventMessage): Promise<{ status: number; text: string }> {
  const h = handle;
  const t = served.find((x) => (x.parsed.value as IntegrationFile).name === m.integration);
  const file = t?.parsed.value as IntegrationFile | undefined;
  if (!h || !file || file.trigger?.type !== 'webhook') throw new Error(`${m.integration} is not a webhook served here (stop and start the triggers again after adding it)`);
  const raw = Buffer.from(JSON.stringify(m.input));
  let headers: Record<string, string> = {};
  const sig = file.trigger.signature;
  if (sig) {
    const name = SECRET_REF.exec(sig.secret)?.[1];
    const env = environment ?? file.defaultEnvironment ?? Object.keys(file.environments ?? {})[0];
    const secret = name ? await secrets.get(name, env) : undefined;
    if (!name || secret === undefined) throw new Error(`the signature secret ${name ?? sig.secret} is not set ("Gateway Ion: Set Secret")`);
    headers = signHeaders({ scheme: sig.scheme, secret, header: sig.header, encoding: sig.encoding, prefix: sig.prefix }, raw, Date.now(), `test_${randomUUID()}`);
  }
  const method = (file.trigger.method ?? 'POST').toUpperCase();
  const res = await fetch(`${h.url}${file.trigger.path ?? `/hooks/${encodeURIComponent(file.name)}`}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: method === 'GET' || method === 'HEAD' ? undefined : raw,
  });
  return { status: res.status, text: await res.text() };
}

function stop(): Promise<void> {
  stopping ??= (async () => {
    if (statusTimer) clearInterval(statusTimer);
    try {
      await handle?.stop();
      await closeSharedTransports();
    } finally {
      send({ type: 'stopped' });
      process.exit(0);
    }
  })();
  return stopping;
}

process.on('message', (m: ToChild) => {
  if (m.type === 'start') {
    start(m).catch((e: unknown) => {
      const text = e instanceof Error ? e.message : String(e);
      // The editor's secrets live in SecretStorage, not in ION_SECRET_* variables as the CLI's hint says.
      const message = (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${m.port} is in use (set gatewayIon.triggers.port, 0 for any free port)` : text.replace(/ \(ION_SECRET_[A-Z0-9_]*\)$/, ' ("Gateway Ion: Set Secret")');
      send({ type: 'failed', message: masker.mask(message) });
      process.exit(1);
    });
  } else if (m.type === 'test-event') {
    testEvent(m).then(
      (a) => send({ type: 'test-answer', id: m.id, status: a.status, text: a.text }),
      (e: unknown) => send({ type: 'test-answer', id: m.id, status: 0, text: masker.mask(e instanceof Error ? e.message : String(e)) }),
    );
  } else if (m.type === 'stop') {
    void stop();
  } else {
    const resolve = pending.get(m.id);
    pending.delete(m.id);
    resolve?.(m);
  }
});
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The extension host went away: nothing would read our output or answer a secret.
process.on('disconnect', () => void stop());
