/**
 * The "Gateway Ion" log channel's line for a run (pure, unit-tested): name, environment, status,
 * attempts, duration and error code. Never a body, a header or a URL at info: the run result is
 * masked, but a line that carries none of it cannot leak it.
 */
import type { RunResult } from '../../core/result';

export function channelLine(r: RunResult, mode: 'run' | 'dry-run' = 'run'): string {
  const parts = [
    `${mode} ${r.name || '(unnamed)'}`,
    `env=${r.environment ?? '-'}`,
    r.ok ? 'ok' : 'FAILED',
    `status=${r.response?.status ?? '-'}`,
    `attempts=${r.attempts.length}`,
    `${Math.round(r.durationMs)}ms`,
  ];
  if (!r.ok && r.errors[0]) parts.push(`error=${r.errors[0].code}`);
  return parts.join(' ');
}

/** Trace detail (masked by the engine already): the request line and the response body, cut short. */
export function channelTraceLines(r: RunResult, max = 4096): string[] {
  const out: string[] = [];
  if (r.request) out.push(`request ${r.request.method} ${r.request.url}`);
  if (r.response) {
    const body = r.response.body.length > max ? `${r.response.body.slice(0, max)}… (${r.response.body.length} chars)` : r.response.body;
    out.push(`response ${r.response.status} body: ${body}`);
  }
  for (const e of r.errors) out.push(`error ${e.code}: ${e.message}`);
  return out;
}
