/**
 * What actually opens connections. Everything above it (auth, redirects, retry, masking) is ours,
 * so a fixture transport that routes every origin to a loopback server exercises the same code.
 */
import { createHash } from 'node:crypto';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { EnvSource } from '../ports';
import { checkClientCertificate, type ClientCertProblem } from './client-cert';

export interface TlsOptions {
  /** PEM text of an extra CA (request.tls.ca, already read from its file). */
  ca?: string;
  /** mTLS (request.tls.cert/key/passphrase, docs/reference.md#request): PEM texts from secrets. */
  cert?: string;
  key?: string;
  passphrase?: string;
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
  /**
   * Checks a client certificate before anything is sent (bad PEM, wrong passphrase, key not the
   * certificate's). Optional: the fixture transport speaks plain HTTP and never presents one.
   */
  checkTls?(tls: TlsOptions): ClientCertProblem | undefined;
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
 * The pool key of a TLS configuration: a digest (the PEM texts are not kept as map keys), so two
 * client certificates never share a pooled connection.
 */
function tlsKey(tls: TlsOptions | undefined): string {
  if (!tls || (!tls.ca && !tls.cert && !tls.key)) return '';
  const h = createHash('sha256');
  for (const part of [tls.ca, tls.cert, tls.key, tls.passphrase]) h.update(`${part?.length ?? -1}:${part ?? ''}`);
  return h.digest('hex');
}

/** undici's `connect` TLS options: an extra CA and/or a client certificate. */
function connectOptions(t: TlsOptions | undefined): { ca?: string; cert?: string; key?: string; passphrase?: string } | undefined {
  if (!t || (!t.ca && !t.cert && !t.key)) return undefined;
  const out: { ca?: string; cert?: string; key?: string; passphrase?: string } = {};
  if (t.ca) out.ca = t.ca;
  if (t.cert) out.cert = t.cert;
  if (t.key) out.key = t.key;
  if (t.passphrase) out.passphrase = t.passphrase;
  return out;
}

/**
 * Keep-alive pooling through undici's EnvHttpProxyAgent (a plain Agent when no proxy is set), one
 * dispatcher per TLS configuration (extra CA, client certificate). Proxy settings come from the
 * options only, never from process.env behind our back (an empty string means "none").
 */
export function createDefaultTransport(options: DefaultTransportOptions = {}): HttpTransport {
  const byCa = new Map<string, Dispatcher>();
  /** Client certificates already checked (parsing an encrypted key costs milliseconds), by pool key. */
  const checked = new Map<string, ClientCertProblem | undefined>();
  const proxy = options.proxy ?? {};
  const useProxy = Boolean(proxy.httpProxy || proxy.httpsProxy);
  const make = (t: TlsOptions | undefined): Dispatcher => {
    const tls = connectOptions(t);
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
      const key = tlsKey(tls);
      let d = byCa.get(key);
      if (!d) {
        d = make(tls);
        byCa.set(key, d);
      }
      return d;
    },
    checkTls(tls) {
      const key = tlsKey(tls);
      if (!checked.has(key)) checked.set(key, checkClientCertificate(tls));
      return checked.get(key);
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
