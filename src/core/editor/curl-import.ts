/**
 * A pasted `curl` command as a request: method, URL, headers, data, user. The options a browser's
 * "Copy as cURL" and API docs use are understood; output and transport options are ignored;
 * anything else is reported in `warnings` (never an exception, except for a command that is not
 * curl or has no URL).
 */
import { shellWords } from './shell-words';

export interface CurlRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  /** `-d`/`--data*` pieces, in order (joined with `&` by curl). */
  data: string[];
  /** `--json` given (a JSON body with JSON headers). */
  json: boolean;
  /** `-F name=value` fields. */
  formFields: Array<[string, string]>;
  /** `-u user:password`. */
  user?: string;
  /** `--oauth2-bearer TOKEN`. */
  bearer?: string;
  /** `-G`: the data goes into the query. */
  get: boolean;
  /** `-m`/`--max-time` seconds. */
  maxTimeSeconds?: number;
  /** `-L` given (curl does not follow redirects without it; we do by default). */
  followRedirects: boolean;
  warnings: string[];
}

export class CurlImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CurlImportError';
  }
}

/** Options that take a value and that we ignore (output, transport, TLS files, …). */
const IGNORED_WITH_VALUE = new Set([
  '-o', '--output', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time', '-w', '--write-out', '-c', '--cookie-jar',
  '--cacert', '--capath', '--cert', '--key', '-E', '--proxy', '-x', '--resolve', '--limit-rate', '-r', '--range', '-D', '--dump-header',
  '--max-redirs', '-T', '--upload-file', '--interface', '-K', '--config', '--trace', '--trace-ascii', '--stderr',
]);
const IGNORED_FLAGS = new Set([
  '-s', '--silent', '-S', '--show-error', '-k', '--insecure', '-v', '--verbose', '-i', '--include', '--compressed', '-f', '--fail',
  '--fail-with-body', '-N', '--no-buffer', '-#', '--progress-bar', '-g', '--globoff', '--http1.1', '--http2', '--http1.0', '-4', '-6', '-O',
  '--remote-name', '-J', '--remote-header-name', '-q', '--disable', '--location-trusted', '--tr-encoding', '-Z', '--parallel',
]);
const DATA = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode']);
/** Short options that take a value (so `-XPOST` and `-H'…'` work). */
const SHORT_WITH_VALUE = new Set(['X', 'H', 'd', 'u', 'F', 'A', 'e', 'b', 'm', 'o', 'w', 'c', 'E', 'x', 'r', 'D', 'T', 'K']);

function urlencodeData(arg: string): string {
  // `--data-urlencode name=value` encodes the value; `=value` or `value` alone encodes it all.
  const eq = arg.indexOf('=');
  if (eq < 0) return encodeURIComponent(arg);
  const name = arg.slice(0, eq);
  const value = encodeURIComponent(arg.slice(eq + 1));
  return name ? `${name}=${value}` : value;
}

/** Expands `-sSL` to `-s -S -L` and `-XPOST` to `-X POST`. */
function expandShort(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (!/^-[A-Za-z#]/.test(w) || w.startsWith('--') || w.length <= 2) {
      out.push(w);
      continue;
    }
    for (let i = 1; i < w.length; i++) {
      const c = w[i];
      if (SHORT_WITH_VALUE.has(c)) {
        out.push(`-${c}`);
        if (i + 1 < w.length) out.push(w.slice(i + 1));
        break;
      }
      out.push(`-${c}`);
    }
  }
  return out;
}

export function parseCurl(command: string): CurlRequest {
  const words = expandShort(shellWords(command.trim()));
  if (words.length === 0 || !/^curl(\.exe)?$/i.test(words[0].split(/[\\/]/).pop() ?? '')) {
    throw new CurlImportError('this is not a curl command: it should start with `curl`');
  }
  const req: CurlRequest = { method: '', url: '', headers: [], data: [], json: false, formFields: [], get: false, followRedirects: false, warnings: [] };
  let head = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    const opt = eq > 0 ? w.slice(0, eq) : w;
    const inline = eq > 0 ? w.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      if (i + 1 >= words.length) throw new CurlImportError(`\`${opt}\` needs a value`);
      return words[++i];
    };
    if (opt === '-X' || opt === '--request') req.method = value().toUpperCase();
    else if (opt === '-H' || opt === '--header') {
      const h = value();
      const colon = h.indexOf(':');
      if (colon <= 0) req.warnings.push('a `-H` value without `:` was skipped');
      else if (h.slice(colon + 1).trim() === '' && h.trimEnd().endsWith(';')) continue; // curl's "empty header" form
      else if (h.slice(colon + 1).trim() !== '') req.headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (DATA.has(opt)) {
      const d = value();
      if (opt === '--data-urlencode') req.data.push(urlencodeData(d));
      else if (d.startsWith('@') && opt !== '--data-raw') {
        req.warnings.push(`\`${opt} ${d}\` reads a file: put its content in the request body yourself`);
      } else req.data.push(opt === '--data-binary' || opt === '--data-raw' ? d : d.replace(/[\r\n]/g, ''));
    } else if (opt === '--json') {
      req.json = true;
      req.data.push(value());
    } else if (opt === '-F' || opt === '--form' || opt === '--form-string') {
      const f = value();
      const at = f.indexOf('=');
      if (at <= 0) req.warnings.push('a `-F` value without `=` was skipped');
      else if (opt !== '--form-string' && /^[@<]/.test(f.slice(at + 1))) req.warnings.push(`form field \`${f.slice(0, at)}\` uploads a file: multipart uploads are not supported, it was skipped`);
      else req.formFields.push([f.slice(0, at), f.slice(at + 1)]);
    } else if (opt === '-u' || opt === '--user') req.user = value();
    else if (opt === '--oauth2-bearer') req.bearer = value();
    else if (opt === '-A' || opt === '--user-agent') req.headers.push(['User-Agent', value()]);
    else if (opt === '-e' || opt === '--referer') req.headers.push(['Referer', value()]);
    else if (opt === '-b' || opt === '--cookie') req.headers.push(['Cookie', value()]);
    else if (opt === '--url') req.url = value();
    else if (opt === '-G' || opt === '--get') req.get = true;
    else if (opt === '-I' || opt === '--head') head = true;
    else if (opt === '-L' || opt === '--location') req.followRedirects = true;
    else if (opt === '-m' || opt === '--max-time') {
      const n = Number(value());
      if (Number.isFinite(n) && n > 0) req.maxTimeSeconds = n;
    } else if (opt === '--basic' || opt === '--digest' || opt === '--ntlm' || opt === '--negotiate' || opt === '--anyauth') {
      if (opt !== '--basic') req.warnings.push(`\`${opt}\` authentication is not supported; basic auth is used`);
    } else if (IGNORED_WITH_VALUE.has(opt)) value();
    else if (IGNORED_FLAGS.has(opt)) continue;
    else if (opt.startsWith('-') && opt.length > 1) req.warnings.push(`option \`${opt}\` is not understood and was ignored`);
    else if (!req.url || (!/^[a-z][a-z0-9+.-]*:\/\//i.test(req.url) && /^https?:\/\//i.test(w))) req.url = w;
    else req.warnings.push('an extra argument after the URL was ignored');
  }
  if (!req.url) throw new CurlImportError('the curl command has no URL');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(req.url)) req.url = `http://${req.url}`;
  if (!req.method) req.method = head ? 'HEAD' : req.get ? 'GET' : req.data.length > 0 || req.formFields.length > 0 ? 'POST' : 'GET';
  return req;
}
