import { strict as assert } from 'node:assert';
import { describeCron, formatRun, hoverAt } from '../../../src/core/editor/hover';
import { parseIntegration } from '../../../src/core/parse';

const FILE = `version: 1
name: h
trigger:
  type: schedule
  cron: "0 9 * * MON-FRI"
  timezone: Europe/Madrid
environments:
  dev: { baseUrl: "https://dev.example", region: eu }
  acme: { baseUrl: "https://acme.example" }
auth:
  type: bearer
  token: "{{ secret.crm_token }}"
request:
  url: "{{ vars.baseUrl }}/items"
  headers:
    X-Region: "{{ vars.region }}"
`;
const NOW = new Date('2024-03-01T12:00:00Z'); // a Friday
const env = { now: NOW, secretNames: ['crm_token@acme'], origins: (n: string) => (n === 'crm_token' ? ['https://acme.example'] : []) };
const hover = (needle: string, delta = 1) => {
  const p = parseIntegration(FILE);
  return hoverAt(p, FILE.indexOf(needle) + delta, env);
};

describe('editor: hover', () => {
  it('documents a key from the schema', () => {
    const h = hover('timezone:');
    assert.ok(h);
    assert.match(h.markdown, /IANA time zone/);
    assert.equal(FILE.slice(h.start, h.end), 'timezone');
    assert.match(hover('token:')?.markdown ?? '', /Bearer/);
  });

  it('says a cron expression in words, with the next five runs in its time zone', () => {
    const h = hover('0 9 * *');
    assert.ok(h);
    assert.match(h.markdown, /09:00/);
    assert.match(h.markdown, /Monday through Friday/);
    assert.match(h.markdown, /Europe\/Madrid/);
    const runs = h.markdown.split('\n').filter((l) => l.startsWith('- '));
    assert.deepEqual(runs, ['- 2024-03-04 09:00 Mon', '- 2024-03-05 09:00 Tue', '- 2024-03-06 09:00 Wed', '- 2024-03-07 09:00 Thu', '- 2024-03-08 09:00 Fri']);
  });

  it('reports a wrong cron instead of describing it', () => {
    assert.match(describeCron('61 * * * *', undefined, NOW), /minute/);
    assert.equal(formatRun(new Date('2024-01-06T23:00:00Z'), 'UTC'), '2024-01-06 23:00 Sat');
  });

  it('shows a variable in each environment, marking where it is missing', () => {
    const h = hover('vars.region', 3);
    assert.ok(h);
    assert.match(h.markdown, /\| `dev` \| `eu` \|/);
    assert.match(h.markdown, /\| `acme` \| _not defined_ \|/);
    assert.equal(FILE.slice(h.start, h.end), '{{ vars.region }}');
  });

  it('says whether a secret is set and where it may go, never its value', () => {
    const h = hover('secret.crm_token', 3);
    assert.ok(h);
    assert.match(h.markdown, /set only for `acme`/);
    assert.match(h.markdown, /https:\/\/acme\.example/);
    assert.match(h.markdown, /ION_SECRET_CRM_TOKEN/);
    const unset = hoverAt(parseIntegration(FILE), FILE.indexOf('secret.crm') + 2, { ...env, secretNames: [] });
    assert.match(unset?.markdown ?? '', /not set/);
  });

  it('gives nothing on free data or blank space', () => {
    assert.equal(hoverAt(parseIntegration(FILE), FILE.length, env), undefined);
  });
});
