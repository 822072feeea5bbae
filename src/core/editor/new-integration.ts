/**
 * The text of a new integration file for a pattern and an auth kind ("Gateway Ion: New
 * Integration"). Every combination validates with no errors and no warnings; credentials are
 * `{{ secret.NAME }}` references named after the integration.
 */
import type { Pattern } from '../model';

export const PATTERNS: ReadonlyArray<{ id: Pattern; label: string; description: string }> = [
  { id: 'pull', label: 'Pull', description: 'Read data from an API (the usual case)' },
  { id: 'push', label: 'Push', description: 'Send data to an API' },
  { id: 'bidirectional', label: 'Bidirectional', description: 'Read from one API and write to another' },
  { id: 'event-driven', label: 'Event-driven', description: 'React to an incoming webhook' },
];

export const AUTH_KINDS = ['none', 'apiKey-header', 'apiKey-query', 'bearer', 'basic', 'headers', 'oauth2-client-credentials', 'oauth2-refresh-token'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

export const AUTH_LABELS: Record<AuthKind, string> = {
  none: 'No auth',
  'apiKey-header': 'API key in a header',
  'apiKey-query': 'API key in the query',
  bearer: 'Bearer token',
  basic: 'Basic (user and password)',
  headers: 'Custom headers',
  'oauth2-client-credentials': 'OAuth2 client credentials',
  'oauth2-refresh-token': 'OAuth2 refresh token',
};

export interface NewIntegrationOptions {
  name: string;
  pattern: Pattern;
  auth: AuthKind;
}

/** `My CRM` → `my-crm`; a valid file name stem. */
export function fileStem(name: string): string {
  const s = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return s || 'integration';
}

/** A secret-name prefix from the integration's name: `my-crm` → `my_crm`. */
export function secretPrefix(name: string): string {
  const s = fileStem(name).replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(s) ? s : `s_${s}`;
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export function authBlock(kind: AuthKind, prefix: string, tokenUrl = '{{ vars.baseUrl }}/oauth/token'): string[] {
  switch (kind) {
    case 'none':
      return ['auth:', '  type: none'];
    case 'apiKey-header':
      return ['auth:', '  type: apiKey', '  in: header', '  name: X-Api-Key', `  value: "{{ secret.${prefix}_api_key }}"`];
    case 'apiKey-query':
      return ['auth:', '  type: apiKey', '  in: query', '  name: api_key', `  value: "{{ secret.${prefix}_api_key }}"`];
    case 'bearer':
      return ['auth:', '  type: bearer', `  token: "{{ secret.${prefix}_token }}"`];
    case 'basic':
      return ['auth:', '  type: basic', `  username: "{{ secret.${prefix}_user }}"`, `  password: "{{ secret.${prefix}_password }}"`];
    case 'headers':
      return ['auth:', '  type: headers', '  headers:', `    X-Client-Id: "{{ secret.${prefix}_client_id }}"`, `    X-Client-Secret: "{{ secret.${prefix}_client_secret }}"`];
    case 'oauth2-client-credentials':
      return [
        'auth:',
        '  type: oauth2',
        '  grant: client_credentials',
        `  tokenUrl: "${tokenUrl}"`,
        `  clientId: "{{ secret.${prefix}_client_id }}"`,
        `  clientSecret: "{{ secret.${prefix}_client_secret }}"`,
        '  scopes: [read]',
      ];
    case 'oauth2-refresh-token':
      return [
        'auth:',
        '  type: oauth2',
        '  grant: refresh_token',
        `  tokenUrl: "${tokenUrl}"`,
        `  clientId: "{{ secret.${prefix}_client_id }}"`,
        `  clientSecret: "{{ secret.${prefix}_client_secret }}"`,
        `  refreshToken: "{{ secret.${prefix}_refresh_token }}"`,
      ];
  }
}

const RETRY = ['retry:', '  maxAttempts: 4', '  on: [429, 502, 503, 504, timeout, network]', '  backoff: { initial: 500ms, max: 30s, jitter: full }', '  respectRetryAfter: true'];

function tokenResponse(kind: AuthKind): string[] {
  return kind.startsWith('oauth2') ? ['    tokenResponse: { status: 200, body: { access_token: test-token, expires_in: 3600 } }'] : [];
}

function body(o: NewIntegrationOptions): string[] {
  const tr = tokenResponse(o.auth);
  switch (o.pattern) {
    case 'pull':
      return [
        'trigger:',
        '  type: manual',
        '  input: { id: "1" }',
        '',
        'request:',
        '  method: GET',
        '  url: "{{ vars.baseUrl }}/items/{{ input.id }}"',
        '  headers:',
        '    Accept: application/json',
        '  timeout: 10s',
        '',
        ...RETRY,
        '',
        'validate:',
        '  status: [200]',
        '  response:',
        '    type: object',
        '    required: [id]',
        '',
        'transform: |',
        '  const item = input.json;',
        '  return { id: item.id, name: item.name };',
        '',
        'output:',
        '  to:',
        '    - { type: file, path: out/items.jsonl, format: jsonl }',
        '',
        'tests:',
        '  - name: happy path',
        ...tr,
        '    response: { status: 200, body: { id: "1", name: Widget } }',
        '    expect: { ok: true, output: { id: "1", name: Widget } }',
        '  - name: rate limit is retried',
        ...tr,
        '    responses:',
        '      - { status: 429, headers: { Retry-After: "1" } }',
        '      - { status: 200, body: { id: "1", name: Widget } }',
        '    expect: { ok: true, attempts: 2 }',
      ];
    case 'push':
      return [
        'trigger:',
        '  type: manual',
        '  input: { orderId: A-1, total: 42 }',
        '',
        'request:',
        '  method: POST',
        '  url: "{{ vars.baseUrl }}/orders"',
        '  idempotencyKey: "order-{{ input.orderId }}"',
        '  body:',
        '    id: "{{ input.orderId }}"',
        '    total: "{{ input.total }}"',
        '  timeout: 10s',
        '',
        ...RETRY,
        '',
        'validate:',
        '  status: [200, 201]',
        '',
        'tests:',
        '  - name: order accepted',
        ...tr,
        '    response: { status: 201, body: { id: A-1, status: accepted } }',
        '    expect: { ok: true, status: 201 }',
        '  - name: invalid order is a client error',
        ...tr,
        '    response: { status: 422, body: { error: invalid total } }',
        '    expect: { ok: false, error: client_error }',
      ];
    case 'bidirectional':
      return [
        'trigger:',
        '  type: schedule',
        '  cron: "*/15 * * * *"',
        '  input: { since: "2024-01-01T00:00:00Z" }',
        '',
        'request:',
        '  method: GET',
        '  url: "{{ vars.baseUrl }}/changes"',
        '  query: { since: "{{ input.since }}" }',
        '',
        ...RETRY,
        '',
        'transform: |',
        '  return (input.json.items || []).map((x) => ({ id: x.id, updated: x.updatedAt }));',
        '',
        'output:',
        '  to:',
        '    - type: http',
        '      url: "{{ vars.targetUrl }}/import"',
        '      method: POST',
        '',
        'tests:',
        '  - name: changes are forwarded',
        ...tr,
        '    response: { status: 200, body: { items: [{ id: 1, updatedAt: "2024-01-02" }] } }',
        '    expect: { ok: true, output: [{ id: 1, updated: "2024-01-02" }] }',
      ];
    case 'event-driven':
      return [
        'trigger:',
        '  type: webhook',
        '  path: /hooks/' + fileStem(o.name),
        '  method: POST',
        '  input: { event: created, id: "1" }',
        '',
        'request:',
        '  method: GET',
        '  url: "{{ vars.baseUrl }}/events/{{ input.id }}"',
        '',
        ...RETRY,
        '',
        'transform: |',
        '  return { id: input.json.id, type: input.params.event };',
        '',
        'output:',
        '  to:',
        '    - { type: file, path: out/events.jsonl, format: jsonl }',
        '',
        'tests:',
        '  - name: event is fetched',
        ...tr,
        '    input: { event: created, id: "7" }',
        '    response: { status: 200, body: { id: "7" } }',
        '    expect: { ok: true, output: { id: "7", type: created } }',
      ];
  }
}

export function newIntegrationText(o: NewIntegrationOptions): string {
  const prefix = secretPrefix(o.name);
  const envs =
    o.pattern === 'bidirectional'
      ? ['environments:', '  dev: { baseUrl: "https://api.example.com", targetUrl: "https://target.example.com" }']
      : ['environments:', '  dev: { baseUrl: "https://api.example.com" }'];
  const lines = [
    'version: 1',
    `name: ${yamlString(o.name.trim() || 'integration')}`,
    `description: ${yamlString(PATTERNS.find((p) => p.id === o.pattern)?.description ?? '')}`,
    `pattern: ${o.pattern}`,
    'defaultEnvironment: dev',
    '',
    ...envs,
    '',
    ...authBlock(o.auth, prefix),
    '',
    ...body(o),
  ];
  return `${lines.join('\n')}\n`;
}
