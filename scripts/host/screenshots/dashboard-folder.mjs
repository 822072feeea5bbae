#!/usr/bin/env node
// The folder the README's dashboard pictures show (docs/dashboard-light.png, docs/dashboard-dark.png):
// two integrations and 30 days of their runs in `.ion/runs.jsonl` (the folder's settings point the
// run log there), generated relative to now with a fixed seed, so the picture always has a full month.
//   node scripts/host/screenshots/dashboard-folder.mjs /tmp/ion-dashboard
//   npm run screenshot -- --folder /tmp/ion-dashboard --dashboard --size 1400x1000 --theme "Light Modern" \
//     --command "View: Close Primary Side Bar" --command "Gateway Ion: Show Dashboard" --file docs/dashboard-light.png
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '/tmp/ion-dashboard');
mkdirSync(join(dir, '.vscode'), { recursive: true });
mkdirSync(join(dir, '.ion'), { recursive: true });
writeFileSync(join(dir, '.vscode', 'settings.json'), `${JSON.stringify({ 'gatewayIon.runLog.location': 'workspace' }, null, 2)}\n`);
writeFileSync(
  join(dir, 'orders-sync.ion.yaml'),
  `version: 1
name: orders-sync
description: Every 30 minutes, pull new shop orders into the ERP.
pattern: pull
defaultEnvironment: prod
trigger: { type: schedule, cron: "*/30 * * * *", timezone: UTC }
environments:
  prod: { baseUrl: "https://shop.example.com" }
auth: { type: bearer, token: "{{ secret.shop_token }}" }
request:
  method: GET
  url: "{{ vars.baseUrl }}/v1/orders"
validate:
  status: [200]
`,
);
writeFileSync(
  join(dir, 'crm-contact.ion.yaml'),
  `version: 1
name: crm-contact
description: On a CRM contact event, update the mailing list.
pattern: event-driven
defaultEnvironment: prod
trigger: { type: webhook, path: /hooks/crm-contact }
environments:
  prod: { baseUrl: "https://mail.example.com" }
auth: { type: bearer, token: "{{ secret.mail_token }}" }
request:
  method: POST
  url: "{{ vars.baseUrl }}/v3/contacts"
  body: { email: "{{ input.email }}" }
validate:
  status: [200, 201]
`,
);

// A small deterministic generator (mulberry32).
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const now = Date.now();
const lines = [];
let id = 0;
const line = (o) => lines.push(JSON.stringify({ attempts: 1, runId: `demo-${(id++).toString(16).padStart(8, '0')}`, ...o }));
const halfHour = 30 * 60_000;
const start = now - 30 * 86_400_000;
for (let t = Math.ceil(start / halfHour) * halfHour; t <= now - 60_000; t += halfHour) {
  // A bad afternoon 9 days ago (the API answered 503), and slower runs this week.
  const days = (now - t) / 86_400_000;
  const bad = days > 9 && days < 9.3 ? 0.6 : 0.02;
  const ok = random() > bad;
  const ms = Math.round((days < 7 ? 420 : 260) + random() * 180);
  line({ ts: new Date(t).toISOString(), integration: 'orders-sync', file: join(dir, 'orders-sync.ion.yaml'), environment: 'prod', trigger: 'schedule', ok, status: ok ? 200 : 503, durationMs: ms, errorCode: ok ? null : 'server_error' });
}
for (let t = start; t < now - 3_600_000; t += 3_600_000 * (1 + random() * 5)) {
  const days = (now - t) / 86_400_000;
  const ok = days > 0.6 ? random() > 0.04 : false;
  line({ ts: new Date(Math.round(t)).toISOString(), integration: 'crm-contact', file: join(dir, 'crm-contact.ion.yaml'), environment: 'prod', trigger: 'webhook', ok, status: ok ? 201 : 401, durationMs: Math.round(150 + random() * 90), errorCode: ok ? null : 'auth_failed' });
}
lines.sort((a, b) => (JSON.parse(a).ts < JSON.parse(b).ts ? -1 : 1));
writeFileSync(join(dir, '.ion', 'runs.jsonl'), `${lines.join('\n')}\n`);
console.log(`${dir}: ${lines.length} runs`);
