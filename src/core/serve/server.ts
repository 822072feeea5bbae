/**
 * `ion serve` (docs/reference.md#ion-serve): the webhook listener, the durable inbox, the run queue,
 * the schedules, `/healthz` and `/metrics`, over the same engine as `ion run`. I/O comes in through
 * the options (secrets, environment, clock, log), so the editor can later run this in a child
 * process fed with SecretStorage values, and tests run it in-process.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chooseEnvironment, defaultRunHooks, runIntegration } from '../engine';
import { parseJson } from '../json';
import type { IntegrationFile, JsonValue } from '../model';
import type { ParsedIntegration } from '../parse';
import { systemClock, type Clock, type EnvSource, type SecretSource } from '../ports';
import type { RunLogEntry, RunResult } from '../result';
import { AlertPolicy, type Alert } from '../alerts';
import { FileRunLog, readRunLogAll } from '../runlog';
import { Inbox, type InboxEvent, type WebhookEvent } from './inbox';
import { ServeMetrics } from './metrics';
import { Scheduler } from './schedules';
import { readBody, refuse, send } from './http-io';
import { deliveryIdOf, verifySignature } from './signatures';
import { ServeSetupError, webhookRoutes, type Hook } from './webhooks';

export { ServeSetupError };

/** Bodies over this get 413 (1MB, binary). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const SHUTDOWN_GRACE_MS = 30_000;
/** A whole request (headers and body) must arrive within this. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface ServeTarget {
  /** Absolute path. */
  file: string;
  parsed: ParsedIntegration;
}

export interface ServeOptions {
  targets: ServeTarget[];
  host?: string;
  port?: number;
  environment?: string;
  /** The run log (default `.ion/runs.jsonl` is chosen by the caller). */
  runLogPath: string;
  /** `.ion/inbox/`. */
  inboxDir: string;
  concurrency?: number;
  /** Events received and not finished before the listener answers 503 (default 1000). */
  queueLimit?: number;
  webhooks?: boolean;
  schedules?: boolean;
  secrets: SecretSource;
  env: EnvSource;
  clock?: Clock;
  /** One line of progress (no trailing newline). */
  log?(line: string): void;
  shutdownGraceMs?: number;
  /** A request (headers and body) must arrive within this (default 30 s): a slow or stalled sender is cut. */
  requestTimeoutMs?: number;
  /** Each triggered run once its line is in the run log: the line and the masked result (the editor's Runs view and alerts). */
  onRun?(entry: RunLogEntry, result: RunResult): void;
  /**
   * An alert by each file's `alerts:` policy (docs/reference.md#alerts) after a triggered run is
   * logged: `ion serve --alert-url` posts it, the editor shows it. Called synchronously and never
   * awaited: whatever it does cannot hold up a run.
   */
  onAlert?(alert: Alert): void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** Headers that carry the sender's credentials: never kept in the inbox or shown to the transform. */
const DROPPED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

export interface ServeHandle {
  url: string;
  port: number;
  metrics: ServeMetrics;
  scheduler: Scheduler | undefined;
  /** Stops accepting (503), finishes running runs for up to the grace period, closes. */
  stop(): Promise<void>;
  /** Resolves when every queued event has finished (tests). */
  idle(): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const queueLimit = Math.max(1, options.queueLimit ?? 1000);
  const grace = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
  const loopback = LOOPBACK.has(host);

  for (const t of options.targets) {
    if (t.parsed.hasErrors || !t.parsed.value) {
      const first = t.parsed.diagnostics.find((d) => d.severity === 'error');
      throw new ServeSetupError(`${t.file} has errors${first ? ` (${first.code}: ${first.message})` : ''}; run ion validate`);
    }
    const envs = Object.keys(t.parsed.value.environments ?? {});
    if (options.environment && !envs.includes(options.environment)) {
      throw new ServeSetupError(`unknown environment '${options.environment}' in ${t.parsed.value.name} (${envs.length > 0 ? `the file has: ${envs.join(', ')}` : 'the file defines no environments'})`);
    }
  }

  // Webhooks: one route per method and path; signatures resolved once, at start.
  const hooks = options.webhooks === false ? new Map<string, Hook<ServeTarget>>() : await webhookRoutes(options.targets, { secrets: options.secrets, environment: options.environment, host, loopback });

  const { inbox, unfinished } = await Inbox.open(options.inboxDir, () => clock.now());
  const metrics = new ServeMetrics(() => inbox.depth);
  const runLog = new FileRunLog(options.runLogPath);
  const byName = new Map(options.targets.map((t) => [(t.parsed.value as IntegrationFile).name, t]));

  // Events received before a stop or a crash: each runs once more, unless its run is already logged.
  const logged = new Set<string>();
  if (unfinished.length > 0) for (const e of (await readRunLogAll(options.runLogPath)).entries) if (e.runId) logged.add(e.runId);

  const queue: InboxEvent[] = [];
  let active = 0;
  let stopping = false;
  let idleWaiters: Array<() => void> = [];
  const running = new Set<Promise<void>>();

  const alertPolicy = options.onAlert ? new AlertPolicy({ policyFor: (name) => byName.get(name)?.parsed.value?.alerts }) : undefined;
  const recordRun = async (entry: RunLogEntry, masked: RunResult) => {
    await runLog.append(entry);
    options.onRun?.(entry, masked);
    const alert = alertPolicy?.observe({ ...entry, hint: masked.errors[0]?.hint }, clock.now());
    if (alert) {
      try {
        options.onAlert?.(alert);
      } catch (e) {
        log(`alert: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };

  const record = (result: RunResult, trigger: 'webhook' | 'schedule') => {
    metrics.run(result.name, result.environment, trigger, result.ok, result.durationMs / 1000, clock.now());
    log(`${trigger} ${result.name}: ${result.ok ? 'ok' : (result.errors[0]?.code ?? 'failed')} in ${result.durationMs}ms`);
  };

  const runEvent = async (ev: InboxEvent) => {
    const t = byName.get(ev.integration);
    if (!t) {
      log(`inbox: ${ev.runId} is for ${ev.integration}, which this ion serve does not serve; it stays in the inbox`);
      return;
    }
    const result = await runIntegration(t.parsed, {
      file: t.file,
      environment: options.environment,
      input: ev.input,
      secrets: options.secrets,
      env: options.env,
      trigger: 'webhook',
      webhook: { body: ev.body, event: ev.event },
      hooks: { ...defaultRunHooks(), recordRun: (entry, masked) => recordRun({ ...entry, runId: ev.runId }, masked) },
    });
    record(result, 'webhook');
    await inbox.done(ev.runId);
  };

  const pump = () => {
    while (!stopping && active < concurrency && queue.length > 0) {
      const ev = queue.shift()!;
      active++;
      const p = runEvent(ev)
        .catch((e: unknown) => log(`run ${ev.runId} failed to finish: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          active--;
          running.delete(p);
          pump();
          if (active === 0 && queue.length === 0) {
            const w = idleWaiters;
            idleWaiters = [];
            for (const f of w) f();
          }
        });
      running.add(p);
    }
  };

  for (const ev of unfinished) {
    if (logged.has(ev.runId)) await inbox.done(ev.runId);
    else queue.push(ev);
  }
  if (queue.length > 0) log(`inbox: ${queue.length} event(s) received earlier run again`);

  // Schedules.
  let scheduler: Scheduler | undefined;
  if (options.schedules !== false) {
    const specs = options.targets.flatMap((t) => {
      const f = t.parsed.value as IntegrationFile;
      return f.trigger?.type === 'schedule' ? [{ integration: f.name, cron: f.trigger.cron, timezone: f.trigger.timezone }] : [];
    });
    if (specs.length > 0) {
      const ticksPath = join(options.inboxDir, 'schedules.json');
      let lastTicks: Record<string, number> = {};
      try {
        const v = parseJson(await readFile(ticksPath, 'utf8'));
        if (v && typeof v === 'object' && !Array.isArray(v)) lastTicks = v as Record<string, number>;
      } catch {
        // first start
      }
      scheduler = new Scheduler(specs, {
        clock,
        lastTicks,
        onTick: (integration, at) => {
          lastTicks = { ...lastTicks, [integration]: at };
          writeFile(ticksPath, JSON.stringify(lastTicks)).catch(() => undefined);
        },
        run: async (integration) => {
          const t = byName.get(integration)!;
          const runId = randomUUID();
          const result = await runIntegration(t.parsed, {
            file: t.file,
            environment: options.environment,
            secrets: options.secrets,
            env: options.env,
            trigger: 'schedule',
            hooks: { ...defaultRunHooks(), recordRun: (entry, masked) => recordRun({ ...entry, runId }, masked) },
          });
          record(result, 'schedule');
        },
        skipped: (integration, at) => {
          const t = byName.get(integration)!;
          log(`schedule ${integration}: tick skipped, the previous run is still going`);
          runLog
            .append({
              ts: new Date(at).toISOString(),
              integration,
              file: t.file,
              environment: chooseEnvironment(t.parsed.value as IntegrationFile, options.environment).name,
              trigger: 'schedule',
              ok: true,
              status: null,
              attempts: 0,
              durationMs: 0,
              errorCode: null,
              runId: randomUUID(),
              skipped: true,
            })
            .catch(() => undefined);
        },
      });
    }
  }

  let boundPort = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${boundPort}`, `localhost:${boundPort}`, `[::1]:${boundPort}`]);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (stopping) return refuse(req, res, 503, { error: 'shutting down' }, { 'Retry-After': '30' });
    // DNS rebinding: a page on another name resolving to 127.0.0.1 sends its own Host.
    if (loopback && !allowedHosts().has(String(req.headers.host ?? '').toLowerCase())) return refuse(req, res, 403, { error: 'Host is not this listener' });
    // Browsers send Origin; webhook senders do not.
    if (req.headers.origin !== undefined) return refuse(req, res, 403, { error: 'browser requests are refused' });
    const url = new URL(req.url ?? '/', 'http://ion.invalid');
    if (req.method === 'GET' && url.pathname === '/healthz') {
      return send(res, 200, {
        ok: true,
        webhooks: [...hooks.values()].map((h) => ({ integration: h.file.name, method: h.method, path: h.path, signature: h.check?.scheme ?? null })),
        schedules: scheduler?.nextRuns() ?? [],
        inboxDepth: inbox.depth,
      });
    }
    if (req.method === 'GET' && url.pathname === '/metrics') return send(res, 200, metrics.render());
    const hook = hooks.get(`${req.method} ${url.pathname}`);
    if (!hook) {
      const other = [...hooks.values()].some((h) => h.path === url.pathname);
      return refuse(req, res, other ? 405 : 404, { error: other ? 'method not allowed' : 'no webhook at this path' });
    }
    const name = hook.file.name;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      metrics.webhook(name, 'too_large');
      return refuse(req, res, 413, { error: 'the body is over 1MB' });
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === undefined) {
      metrics.webhook(name, 'too_large');
      return refuse(req, res, 413, { error: 'the body is over 1MB' });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || DROPPED_HEADERS.has(k)) continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const now = clock.now();
    if (hook.check) {
      const verdict = verifySignature(hook.check, raw, headers, now);
      if (!verdict.ok) {
        metrics.webhook(name, 'bad_signature');
        log(`webhook ${name}: refused (${verdict.reason})`);
        return send(res, 401, { error: 'bad or missing signature' });
      }
    }
    const body = raw.toString('utf8');
    const json = parseJson(body);
    const deliveryId = deliveryIdOf(hook.check?.scheme, headers, json);
    if (deliveryId !== undefined && inbox.seen(name, deliveryId)) {
      metrics.webhook(name, 'duplicate');
      return send(res, 200, { duplicate: true });
    }
    if (inbox.depth >= queueLimit) {
      metrics.webhook(name, 'refused');
      return send(res, 503, { error: 'the queue is full' }, { 'Retry-After': '5' });
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const event: WebhookEvent = { method: req.method ?? 'POST', path: url.pathname, query, headers };
    const input = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, JsonValue>) : { body };
    const ev: InboxEvent = { runId: randomUUID(), integration: name, receivedAt: now, deliveryId, input, body, event };
    try {
      await inbox.accept(ev);
    } catch (e) {
      metrics.webhook(name, 'refused');
      log(`inbox: cannot keep the event (${e instanceof Error ? e.message : String(e)})`);
      return send(res, 503, { error: 'the event could not be kept' }, { 'Retry-After': '5' });
    }
    metrics.webhook(name, 'accepted');
    send(res, 202, { runId: ev.runId });
    queue.push(ev);
    pump();
  };

  // A sender that trickles its headers or body (or stops) holds a socket: cut it after the timeout,
  // not Node's default of 5 minutes (webhook bodies are at most 1MB). Node checks the timeouts every
  // `connectionsCheckingInterval`.
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const timeouts = { requestTimeout, headersTimeout: Math.min(requestTimeout, 10_000), connectionsCheckingInterval: Math.min(1000, requestTimeout / 2) };
  const server: Server = createServer(timeouts, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`internal error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8788, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  pump();
  scheduler?.start();

  let stopped: Promise<void> | undefined;
  return {
    url,
    port: boundPort,
    metrics,
    scheduler,
    idle: () => (active === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        server.close();
        server.closeIdleConnections();
        const flight = Promise.all([...running, scheduler?.stop()]);
        let timer: NodeJS.Timeout | undefined;
        const expired = await Promise.race([flight.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), grace)))]);
        if (timer) clearTimeout(timer);
        if (expired) log(`stopped with runs still going; their events stay in the inbox`);
        server.closeAllConnections();
        await inbox.close();
      })()),
  };
}
