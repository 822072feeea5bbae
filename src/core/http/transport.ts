/**
 * What actually opens connections. Everything above it (auth, redirects, retry, masking) is ours,
 * so a fixture transport that routes every origin to a loopback server exercises the same code.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { EnvSource } from '../ports';

export interface TlsOptions {
  /** PEM text of an extra CA (request.tls.ca, already read from its file). */
  ca?: string;
}

export interface HttpTransport {
  /** The dispatcher for a request to `url`; may throw to refuse the origin (a fixture transport does). */
  dispatcherFor(url: URL, tls?: TlsOptions): Dispatcher;
  /** Closes every pooled connection, so the process can exit promptly. */
  close(): Promise<void>;
  /**
   * Starts the exchange timeout: calls `fire` after `ms` unless the returned function cancels it
   * first. Optional; `sendOnce` uses a real timer when absent. The fixture transport implements it
   * in virtual time (a fixture `delay` fires it without waiting).
   */
  startTimer?(ms: number, fire: () => void): () => void;
}

/** The real exchange timer (`setTimeout`), used when a transport does not provide `startTimer`. */
export function realTimer(ms: number, fire: () => void): () => void {
  const t = setTimeout(fire, ms);
  return () => clearTimeout(t);
}

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) from an environment. */
export function proxyFromEnv(env: EnvSource): ProxySettings {
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name] ?? undefined;
  return { httpProxy: pick('HTTP_PROXY'), httpsProxy: pick('HTTPS_PROXY'), noProxy: pick('NO_PROXY') };
}

export interface DefaultTransportOptions {
  proxy?: ProxySettings;
  /** Keep-alive idle time of pooled sockets (default 4s, under most servers' own). */
  keepAliveTimeoutMs?: number;
}

/**
 * Keep-alive pooling through undici's EnvHttpProxyAgent (a plain Agent when no proxy is set), one
 * dispatcher per extra CA. Proxy settings come from the options only, never from process.env behind
 * our back (an empty string means "none").
 */
export function createDefaultTransport(options: DefaultTransportOptions = {}): HttpTransport {
  const byCa = new Map<string, Dispatcher>();
  const proxy = options.proxy ?? {};
  const useProxy = Boolean(proxy.httpProxy || proxy.httpsProxy);
  const make = (ca: string | undefined): Dispatcher => {
    const tls = ca ? { ca } : undefined;
    const common = { keepAliveTimeout: options.keepAliveTimeoutMs ?? 4000, connect: tls };
    if (!useProxy) return new Agent(common);
    return new EnvHttpProxyAgent({
      ...common,
      requestTls: tls,
      httpProxy: proxy.httpProxy ?? '',
      httpsProxy: proxy.httpsProxy ?? '',
      noProxy: proxy.noProxy ?? '',
    });
  };
  return {
    dispatcherFor(_url, tls) {
      const key = tls?.ca ?? '';
      let d = byCa.get(key);
      if (!d) {
        d = make(tls?.ca);
        byCa.set(key, d);
      }
      return d;
    },
    async close() {
      const all = [...byCa.values()];
      byCa.clear();
      await Promise.all(all.map((d) => d.close().catch(() => d.destroy())));
    },
  };
}

const shared = new Map<string, HttpTransport>();

/**
 * One pooled transport per proxy configuration for the whole process, so many runs (ion test, the
 * benchmark, the editor) reuse connections. `closeSharedTransports()` ends them.
 */
export function sharedTransport(proxy: ProxySettings = {}): HttpTransport {
  // NUL cannot occur in environment values, so the key is unambiguous.
  const key = `${proxy.httpProxy ?? ''}\0${proxy.httpsProxy ?? ''}\0${proxy.noProxy ?? ''}`;
  let t = shared.get(key);
  if (!t) {
    t = createDefaultTransport({ proxy });
    shared.set(key, t);
  }
  return t;
}

export async function closeSharedTransports(): Promise<void> {
  const all = [...shared.values()];
  shared.clear();
  await Promise.all(all.map((t) => t.close()));
}
