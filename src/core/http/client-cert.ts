/**
 * mTLS client certificates (docs/reference.md#request): checked before anything is sent, and
 * the TLS failures a server's refusal causes turned into a hint. No message here ever quotes a
 * PEM text, a key or a passphrase: only our own wording and OpenSSL's error code.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';

export interface ClientCertProblem {
  /** Which `request.tls` key is at fault. */
  field: 'cert' | 'key' | 'passphrase';
  message: string;
  hint: string;
}

interface TlsParts {
  cert?: string;
  key?: string;
  passphrase?: string;
}

const PEM_HINT =
  'Store the whole PEM text in the secret, from the -----BEGIN line to the -----END line (in an --env-file, in double quotes over several lines or with \\n).';

function codeOf(e: unknown): string {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' ? c : 'error';
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * A PEM text as OpenSSL reads it, when it was stored on one line: a single-line input box turns
 * line breaks into spaces, and a value copied from JSON has `\n` escapes. Each block is rebuilt
 * (its base64 in lines of 64); a text with real line breaks, or with header lines such as
 * `Proc-Type`, is left as it is.
 */
export function normalizePem(text: string): string {
  if (!text.includes('-----BEGIN') || text.includes('Proc-Type')) return text;
  const t = text.includes('\n') || text.includes('\r') ? text : text.replace(/(\\r)?\\n/g, '\n');
  if (t.trim().includes('\n')) return t;
  const blocks: string[] = [];
  for (const m of t.matchAll(PEM_BLOCK)) {
    const body = m[2].replace(/\s+/g, '');
    blocks.push(`-----BEGIN ${m[1]}-----\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${m[1]}-----\n`);
  }
  return blocks.length > 0 ? blocks.join('') : text;
}

/** Undefined when the certificate, key and passphrase can be used together. */
export function checkClientCertificate(tls: TlsParts): ClientCertProblem | undefined {
  if (!tls.cert && !tls.key) return undefined;
  if (!tls.cert) return { field: 'cert', message: 'request.tls.key is set without request.tls.cert', hint: 'Set both `cert` and `key` (secrets holding PEM text).' };
  if (!tls.key) return { field: 'key', message: 'request.tls.cert is set without request.tls.key', hint: 'Set both `cert` and `key` (secrets holding PEM text).' };
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(tls.cert);
  } catch (e) {
    return { field: 'cert', message: `request.tls.cert does not hold a PEM certificate (${codeOf(e)}; the value is not shown)`, hint: PEM_HINT };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: tls.key, format: 'pem', passphrase: tls.passphrase ?? '' });
  } catch (e) {
    const code = codeOf(e);
    const text = String((e as Error)?.message ?? '');
    if (code === 'ERR_MISSING_PASSPHRASE' || (!tls.passphrase && /passphrase|bad decrypt/i.test(text))) {
      return { field: 'passphrase', message: 'request.tls.key is encrypted and request.tls.passphrase is not set', hint: 'Add `passphrase: "{{ secret.NAME }}"` to `request.tls`, or store the key unencrypted.' };
    }
    if (/bad decrypt|BAD_DECRYPT/i.test(`${code} ${text}`)) {
      return { field: 'passphrase', message: 'request.tls.passphrase does not decrypt request.tls.key', hint: 'Check the passphrase secret (it must be the one the key was encrypted with).' };
    }
    return { field: 'key', message: `request.tls.key does not hold a PEM private key (${code}; the value is not shown)`, hint: PEM_HINT };
  }
  // The pair is checked without a TLS context (creating one loads the system's CA store: ~8 ms).
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(key);
  } catch {
    matches = false;
  }
  if (!matches) {
    return { field: 'key', message: 'request.tls.key is not the private key of request.tls.cert', hint: 'Store the key that belongs to the certificate (the pair the certificate was issued for).' };
  }
  return undefined;
}

/** OpenSSL alerts and codes a server's refusal of (or demand for) a client certificate gives. */
const REFUSED = /CERTIFICATE_REQUIRED|ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|ACCESS_DENIED|HANDSHAKE_FAILURE|DECRYPT_ERROR)/;

/**
 * The hint for a network failure of an exchange over TLS, or undefined when it does not look like a
 * client-certificate problem. `withCert`: whether a client certificate was presented.
 */
export function clientCertHint(code: string | undefined, message: string, withCert: boolean): string | undefined {
  const text = `${code ?? ''} ${message}`;
  if (REFUSED.test(text)) return withCert ? REFUSED_HINT : ASKS_HINT;
  // With TLS 1.3 the server checks the certificate after the client's handshake is done: its
  // refusal usually reaches the client as a closed connection, not as an alert.
  if (CLOSED.test(text)) return `The server closed the connection. ${withCert ? `It may have refused the client certificate. ${REFUSED_HINT.replace(/^The server refused the client certificate: c/, 'C')}` : 'If it requires a client certificate (mTLS), set `request.tls.cert` and `request.tls.key` (secrets holding PEM text).'}`;
  return undefined;
}

const ASKS_HINT = 'The server asks for a client certificate: set `request.tls.cert` and `request.tls.key` (secrets holding PEM text).';
const REFUSED_HINT =
  'The server refused the client certificate: check that `request.tls.cert` is one it trusts (issued by its client CA, not expired) and that `request.tls.key` belongs to it.';
const CLOSED = /UND_ERR_SOCKET|ECONNRESET|other side closed|socket hang up/;
