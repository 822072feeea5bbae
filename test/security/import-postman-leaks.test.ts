/**
 * `ion import postman` never copies a credential value into a file, a comment or the summary
 * (README "Import from OpenAPI or Postman"): credentials in a URL's user info, in query strings,
 * in raw bodies, in variables that a credential place uses (wherever else they appear, in any
 * order), and in headers with less usual names. Each case: a table row, every encoding of the
 * credential looked for in everything the import returns.
 */
import { strict as assert } from 'node:assert';
import { postmanToIntegrations } from '../../src/core/import';
import { validateText } from '../../src/cli/commands/validate';
import { findLeak } from './masking-forms';

type Obj = Record<string, unknown>;

const SECRET = 'Sk7qPostmanCredential9931';

function collection(items: Obj[], variable: Obj[] = [], auth?: Obj): Obj {
  return {
    info: { name: 'Leaky API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: items,
    variable,
    ...(auth ? { auth } : {}),
  };
}

const req = (name: string, request: Obj): Obj => ({ name, request });

interface Row {
  what: string;
  collection: Obj;
  environment?: Obj;
  user?: string;
}

const rows: Row[] = [
  {
    what: 'user info in a literal URL',
    user: 'svc',
    collection: collection([req('list', { method: 'GET', url: { raw: `https://svc:${SECRET}@api.example.com/items?x=1` } })]),
  },
  {
    what: 'user info from variables in the URL',
    collection: collection([req('list', { method: 'GET', url: { raw: 'https://{{user}}:{{pass}}@api.example.com/items' } })], [
      { key: 'user', value: 'svc' },
      { key: 'pass', value: SECRET },
    ]),
  },
  {
    what: 'a variable used in a query before a header makes it a credential (same request)',
    collection: collection([
      req('list', { method: 'GET', url: { raw: 'https://api.example.com/items?q={{tok}}' }, header: [{ key: 'Authorization', value: 'Bearer {{tok}}' }] }),
    ], [{ key: 'tok', value: SECRET }]),
  },
  {
    what: 'a variable used plainly in an earlier request, as a credential in a later one',
    collection: collection(
      [
        req('first', { method: 'GET', url: { raw: 'https://api.example.com/a/{{k}}' } }),
        req('second', { method: 'GET', url: { raw: 'https://api.example.com/b' }, header: [{ key: 'X-Api-Token', value: '{{k}}' }] }),
      ],
      [{ key: 'k', value: SECRET }],
    ),
  },
  {
    what: 'an environment value used by an auth block and by a raw body',
    collection: collection([req('push', { method: 'POST', url: 'https://api.example.com/p', body: { mode: 'raw', raw: 'token={{key}}&x=1' } })], [], {
      type: 'bearer',
      bearer: [{ key: 'token', value: '{{key}}' }],
    }),
    environment: { name: 'staging', values: [{ key: 'key', value: SECRET, enabled: true }] },
  },
  {
    what: 'a literal credential repeated in a raw text body',
    collection: collection([
      req('push', {
        method: 'POST',
        url: 'https://api.example.com/p',
        header: [{ key: 'Authorization', value: `Bearer ${SECRET}` }],
        body: { mode: 'raw', raw: `grant=${SECRET}` },
      }),
    ]),
  },
  {
    what: 'a literal credential repeated in the description',
    collection: collection([
      req('get', { method: 'GET', url: 'https://api.example.com/p', header: [{ key: 'X-Api-Key', value: SECRET }], description: `Call with ${SECRET}` }),
    ]),
  },
  {
    what: 'a literal credential where the description is cut',
    collection: collection([
      req('get', { method: 'GET', url: 'https://api.example.com/p', header: [{ key: 'X-Api-Key', value: SECRET }], description: `${'d'.repeat(190)}${SECRET}` }),
    ]),
  },
  {
    what: 'headers with less usual names',
    collection: collection([
      req('get', {
        method: 'GET',
        url: 'https://api.example.com/p',
        header: [
          { key: 'X-Auth', value: SECRET },
          { key: 'X-Access-Key', value: `${SECRET}b` },
          { key: 'Cookie', value: `sid=${SECRET}c` },
        ],
      }),
    ]),
  },
  {
    what: 'query parameters named key, sig, code, pwd',
    collection: collection([
      req('get', { method: 'GET', url: { raw: `https://api.example.com/p?key=${SECRET}&sig=${SECRET}1&pwd=${SECRET}2&access_token=${SECRET}3` } }),
    ]),
  },
];

describe('security: ion import postman copies no credential value', () => {
  for (const row of rows) {
    it(row.what, () => {
      const r = postmanToIntegrations(row.collection, row.environment ? { environment: row.environment } : {});
      const everything = [...r.files.map((f) => f.yaml), ...r.summary, ...r.secrets.map((s) => `${s.name} ${s.what}`)].join('\n');
      assert.ok(r.files.length > 0);
      const leak = findLeak(everything, SECRET, row.user ?? 'svc');
      assert.equal(leak, undefined, `${row.what}: ${leak} in\n${everything}`);
      for (const f of r.files) {
        const errors = validateText(f.fileName, f.yaml).filter((d) => d.severity === 'error');
        assert.deepEqual(errors.map((d) => d.message), [], f.yaml);
      }
    });
  }
});
