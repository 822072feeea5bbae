/** Test helpers for the demo API: a real client (undici) with its own agent, closed after use. */
import { Agent, request } from 'undici';

export interface Got {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Sent as JSON with Content-Type application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
}

export function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export class Client {
  readonly agent = new Agent({ keepAliveTimeout: 10_000 });

  async call(url: string, opts: CallOptions = {}): Promise<Got> {
    const headers: Record<string, string> = { ...opts.headers };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const res = await request(url, { method: (opts.method ?? 'GET') as 'GET', headers, body, dispatcher: this.agent });
    const text = await res.body.text();
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: flat, text, json };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** A controllable clock for token expiry and rate windows. */
export function manualClock(start = Date.parse('2026-01-05T10:00:00Z')): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}
