/**
 * `ion serve --alert-url URL` (docs/reference.md#ion-serve): POST `{ "text": ... }`, the shape
 * Slack and Microsoft Teams incoming webhooks accept, through the shared pooled transport (so
 * HTTPS_PROXY applies), with a timeout. Never throws: the outcome is returned for the log.
 */
import type { EnvSource } from '../ports';
import { proxyFromEnv, sharedTransport } from '../http/transport';

export const ALERT_POST_TIMEOUT_MS = 10_000;

export interface PostAlertOptions {
  timeoutMs?: number;
  /** For the proxy variables (HTTPS_PROXY, NO_PROXY). */
  env?: EnvSource;
}

/** `ok` with the status, or why it failed (a message without the URL, which may hold a token). */
export async function postAlert(url: string, text: string, options: PostAlertOptions = {}): Promise<{ ok: boolean; status?: number; error?: string }> {
  const timeoutMs = options.timeoutMs ?? ALERT_POST_TIMEOUT_MS;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, error: 'the alert URL is not a URL' };
  }
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const dispatcher = sharedTransport(proxyFromEnv(options.env ?? {})).dispatcherFor(target);
    const res = await dispatcher.request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal,
    });
    // Read (and drop) the answer so the connection goes back to the pool.
    await res.body.text().catch(() => undefined);
    return res.statusCode >= 200 && res.statusCode < 300 ? { ok: true, status: res.statusCode } : { ok: false, status: res.statusCode, error: `the receiver answered ${res.statusCode}` };
  } catch (e) {
    if (signal.aborted) return { ok: false, error: `no answer within ${timeoutMs} ms` };
    const code = (e as { code?: string }).code;
    return { ok: false, error: code ? `network error (${code})` : 'network error' };
  }
}
