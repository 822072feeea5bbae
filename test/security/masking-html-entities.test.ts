/**
 * A server's HTML error page echoes the token HTML-escaped (`&#x2F;` for `/`, `&#43;` for `+`,
 * `&amp;`, `&quot;`…, as template engines write it): the masker finds the secret through the
 * character references too, in the masked text and at a cut, and nothing of it reaches the run's
 * output.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main';
import { Masker } from '../../src/core/secrets/mask';
import { startServer, type TestServer } from '../helpers/server';
import { fakeIO, findLeak, runs, secretArb, SEED } from './masking-forms';

const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The HTML-escaped spellings of a text. */
export function htmlForms(s: string): string[] {
  const chars = [...s];
  return [
    chars.map((c) => NAMED[c] ?? c).join(''),
    chars.map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`)).join(''),
    chars.map((c) => `&#${c.codePointAt(0)};`).join(''),
    // Go html/template: `+` as `&#43;`, the named five otherwise.
    chars.map((c) => (c === '+' ? '&#43;' : (NAMED[c] ?? c))).join(''),
  ];
}

/** The text with character references decoded (to look for what a masked text still holds). */
function decodeHtml(t: string): string {
  return t.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] ?? m;
  });
}

describe('security: HTML character references of a secret are masked', function () {
  this.timeout(60_000);

  it('each HTML spelling of a secret (and of Bearer SECRET) inside any text, and at any cut', () => {
    const filler = fc.string({ maxLength: 30 }).map((s) => s.replace(/Sk7q/g, ''));
    fc.assert(
      fc.property(secretArb, filler, fc.nat(), fc.nat(), fc.boolean(), (secret, before, pick, at, bearer) => {
        const m = new Masker();
        m.add(secret, 'tok');
        const forms = htmlForms(bearer ? `Bearer ${secret}` : secret);
        const form = forms[pick % forms.length];
        const text = `<p>${before}${form} tail</p>`;
        const out = m.mask(text);
        assert.equal(findLeak(decodeHtml(out), secret), undefined, `${JSON.stringify(form)} survived in ${JSON.stringify(out)}`);
        const cut = m.cut(text, at % (text.length + 1));
        const probe = decodeHtml(cut);
        for (let k = Math.min(secret.length - 1, probe.length); k >= 10; k--) assert.ok(!probe.endsWith(secret.slice(0, k)) && !probe.includes(secret.slice(0, 10)), `cut ${JSON.stringify(cut)}`);
      }),
      { seed: SEED, numRuns: runs(300) },
    );
  });

  describe('a run against an HTML error page', () => {
    let server: TestServer;
    let dir: string;
    before(async () => {
      server = await startServer((req, res) => {
        const token = String(req.headers['x-api-key'] ?? '');
        res.writeHead(403, { 'content-type': 'text/html' });
        res.end(`<html><body><h1>Forbidden</h1><p>The key ${htmlForms(token)[1]} is not valid.</p></body></html>`);
      });
      dir = mkdtempSync(join(tmpdir(), 'ion-sec-html-'));
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('nothing of the key in the output, the error or the run log', async () => {
      const secret = 'Sk7q/key+with=signs&more';
      writeFileSync(join(dir, 'h.ion.yaml'), `version: 1\nname: h\nrequest:\n  method: GET\n  url: ${server.origin}/x\n  headers:\n    X-Api-Key: "{{ secret.k }}"\n`);
      const io = fakeIO(dir, { ION_SECRET_K: secret });
      await main(['run', 'h.ion.yaml', '--json'], io);
      const human = fakeIO(dir, { ION_SECRET_K: secret });
      await main(['run', 'h.ion.yaml'], human);
      const all = decodeHtml(io.stdout + io.stderr + human.stdout + human.stderr);
      assert.match(io.stdout, /403/);
      assert.equal(findLeak(all, secret), undefined, all.slice(0, 3000));
    });
  });
});
