import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeForStatus } from '../../../src/core/errors';
import type { FixtureResponse, IntegrationFile, JsonValue, TestCase } from '../../../src/core/model';
import { parseIntegration } from '../../../src/core/parse';
import { DEMO_CREDENTIALS, demoSecrets } from '../../../src/demo/credentials';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import {
  applyAuth,
  buildRequest,
  EXAMPLES_DIR,
  exampleFiles,
  loadExample,
  runTransform,
  schemaErrors,
  secretNames,
  statusAccepted,
  transformInput,
  type Scope,
} from './example-harness';
import { Client } from './helpers';

const files = exampleFiles();
const SPEC_KEYS = {
  top: ['version', 'name', 'description', 'pattern', 'defaultEnvironment', 'trigger', 'environments', 'auth', 'request', 'retry', 'validate', 'transform', 'output', 'tests'],
  test: ['name', 'input', 'env', 'response', 'responses', 'tokenResponse', 'expect', 'live'],
  fixture: ['status', 'headers', 'body'],
  expect: ['ok', 'status', 'attempts', 'output', 'error', 'outputs', 'maxDurationMs'],
  trigger: ['type', 'cron', 'timezone', 'input'],
};

function keysOutside(obj: object | undefined, allowed: string[]): string[] {
  return Object.keys(obj ?? {}).filter((k) => !allowed.includes(k));
}

describe('examples/', () => {
  it('holds at least six integrations', () => {
    assert.ok(files.length >= 6, files.join(', '));
  });

  for (const file of files) {
    describe(file, () => {
      it('parses with parseIntegration without YAML errors', () => {
        const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
        const parsed = parseIntegration(text, { fileName: file });
        assert.deepEqual(parsed.diagnostics.filter((d) => d.code === 'yaml_syntax'), []);
        assert.ok(parsed.value, 'has a value');
      });

      it('follows the house rules for examples', () => {
        const { model, text } = loadExample(file);
        assert.equal(model.version, 1);
        assert.equal(`${model.name}.ion.yaml`, file, 'name matches the file');
        assert.equal(model.defaultEnvironment, 'demo');
        assert.equal(model.environments?.demo?.baseUrl, 'http://127.0.0.1:8787');
        const envs = Object.entries(model.environments ?? {});
        assert.ok(envs.length >= 2, 'a production environment too');
        const varKeys = (e: Record<string, JsonValue>) => Object.keys(e).sort().join(',');
        for (const [name, vars] of envs) assert.equal(varKeys(vars), varKeys(model.environments!.demo), `environment ${name} defines the same vars`);
        const known = demoSecrets('http://127.0.0.1:8787');
        for (const s of secretNames(text)) assert.ok(s in known, `secret.${s} has a demo value`);
        for (const literal of [DEMO_CREDENTIALS.bearerToken, DEMO_CREDENTIALS.apiKey, DEMO_CREDENTIALS.basicPassword, DEMO_CREDENTIALS.paymentsSecret, DEMO_CREDENTIALS.clientSecret, DEMO_CREDENTIALS.refreshToken]) {
          assert.ok(!text.includes(literal), `no literal credential ${literal}`);
        }
        assert.ok(model.retry?.respectRetryAfter, 'retry with respectRetryAfter');
        assert.ok(model.validate?.response, 'validate.response schema');
        assert.ok(model.output?.schema && model.output.to?.length, 'output.schema and output.to');
      });

      it('uses only keys SPEC.md section 2 names', () => {
        const { model } = loadExample(file);
        assert.deepEqual(keysOutside(model, SPEC_KEYS.top), []);
        assert.deepEqual(keysOutside(model.trigger, SPEC_KEYS.trigger), []);
        for (const t of model.tests ?? []) {
          assert.deepEqual(keysOutside(t, SPEC_KEYS.test), [], t.name);
          assert.deepEqual(keysOutside(t.expect, SPEC_KEYS.expect), [], t.name);
          for (const f of [t.response, t.tokenResponse, ...(t.responses ?? [])]) assert.deepEqual(keysOutside(f, SPEC_KEYS.fixture), [], t.name);
        }
      });

      it('has tests that check the output and at least one error path', () => {
        const { model } = loadExample(file);
        const tests = model.tests ?? [];
        assert.ok(tests.some((t) => t.expect.output !== undefined), 'a test checks output');
        assert.ok(tests.some((t) => t.expect.error !== undefined || (t.responses?.length ?? 0) > 1 || (t.response?.status ?? 200) >= 300), 'an error path');
        for (const t of tests) {
          assert.ok((t.response === undefined) !== (t.responses === undefined), `${t.name}: response or responses`);
          if (model.auth?.type === 'oauth2') assert.ok(t.tokenResponse, `${t.name}: tokenResponse for OAuth2`);
          if (t.env) assert.ok(model.environments?.[t.env], `${t.name}: env ${t.env} exists`);
        }
      });
    });
  }

  it('together cover every auth kind, pattern and trigger type', () => {
    const models = files.map((f) => loadExample(f).model);
    const auth = new Set(
      models.map((m) => {
        const a = m.auth!;
        if (a.type === 'apiKey') return `apiKey:${a.in}`;
        if (a.type === 'oauth2') return `oauth2:${a.grant}`;
        return a.type;
      }),
    );
    assert.deepEqual([...auth].sort(), ['apiKey:header', 'apiKey:query', 'basic', 'bearer', 'headers', 'oauth2:client_credentials', 'oauth2:refresh_token']);
    assert.deepEqual([...new Set(models.map((m) => m.pattern))].sort(), ['bidirectional', 'event-driven', 'pull', 'push']);
    assert.deepEqual([...new Set(models.map((m) => m.trigger?.type))].sort(), ['manual', 'schedule', 'webhook']);
    assert.ok(models.some((m) => m.trigger?.type === 'schedule' && m.trigger.cron.split(' ').length === 5));
    assert.ok(models.some((m) => m.request.idempotencyKey && m.request.method === 'POST'));
    const kinds = new Set(models.flatMap((m) => (m.output?.to ?? []).map((t) => (t.type === 'file' ? `file:${t.format}` : 'http'))));
    assert.deepEqual([...kinds].sort(), ['file:json', 'file:jsonl', 'http']);
  });

  it('README lists every example and every demo secret with its value', () => {
    const readme = readFileSync(join(EXAMPLES_DIR, 'README.md'), 'utf8');
    for (const f of files) assert.ok(readme.includes(`(${f})`), `README links ${f}`);
    for (const [name, value] of Object.entries(demoSecrets('http://127.0.0.1:8787'))) {
      assert.ok(readme.includes(`\`${name}\``) && readme.includes(value), `README lists ${name}=${value}`);
    }
  });
});

/** Mirrors what the fixture runner will check, so the hand-written expectations are right. */
describe('examples/: each test expectation agrees with its own file', () => {
  for (const file of files) {
    const { model } = loadExample(file);
    for (const t of model.tests ?? []) {
      it(`${file}: ${t.name}`, async () => checkFixtureTest(model, t));
    }
  }
});

function fixtureBody(f: FixtureResponse): string {
  if (f.body === undefined) return '';
  return typeof f.body === 'string' ? f.body : JSON.stringify(f.body);
}

async function checkFixtureTest(model: IntegrationFile, t: TestCase): Promise<void> {
  const fixtures = t.responses ?? [t.response!];
  const last = fixtures[fixtures.length - 1];
  const status = last.status ?? 200;
  const e = t.expect;
  const env = t.env ?? model.defaultEnvironment!;
  const params = t.input ?? model.trigger?.input ?? {};
  const input = transformInput(status, last.headers ?? {}, fixtureBody(last), params, model.environments![env]);
  if (e.status !== undefined) assert.equal(e.status, status, 'expect.status is the final status');
  if (e.attempts !== undefined) assert.equal(e.attempts, fixtures.length, 'expect.attempts consumes every fixture response');
  for (const f of fixtures.slice(0, -1)) assert.ok(model.retry?.on ? model.retry.on.includes(f.status!) || f.status === 401 : [429, 502, 503, 504].includes(f.status!) || f.status === 401, `status ${f.status} is retried`);
  const tokenFails = t.tokenResponse !== undefined && (t.tokenResponse.status ?? 200) >= 400;
  if (tokenFails) {
    assert.equal(e.error, codeForStatus(t.tokenResponse!.status!));
    return;
  }
  if (!statusAccepted(model, status)) {
    assert.equal(e.ok, false);
    assert.equal(e.error, codeForStatus(status), 'the error code is the status code’s');
    return;
  }
  const responseErrors = schemaErrors(model.validate?.response, input.json);
  if (e.error === 'validation_failed') {
    assert.ok(responseErrors, 'the fixture body must fail validate.response');
    return;
  }
  assert.equal(responseErrors, undefined, 'the fixture body passes validate.response');
  if (e.error === 'transform_failed') {
    await assert.rejects(runTransform(model, input));
    return;
  }
  const output = await runTransform(model, input);
  if (e.error === 'output_invalid') {
    assert.ok(schemaErrors(model.output?.schema, output));
    return;
  }
  assert.equal(e.error, undefined, `unexpected error ${e.error}`);
  assert.notEqual(e.ok, false);
  assert.equal(schemaErrors(model.output?.schema, output), undefined, 'the output passes output.schema');
  if (e.output !== undefined) assert.deepStrictEqual(output, e.output);
}

/** Each example's request, built from its demo environment and the demo secrets, against the real demo API. */
describe('examples/ against the demo API', () => {
  let server: DemoServer;
  let client: Client;
  before(async () => {
    server = await startDemoServer();
    client = new Client();
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  for (const file of files) {
    it(`${file}: the demo run succeeds with the demo secrets`, async () => {
      const { model } = loadExample(file);
      const scope: Scope = {
        input: model.trigger?.input ?? {},
        vars: { ...model.environments!.demo, baseUrl: server.url },
        secret: demoSecrets(server.url),
      };
      const call = buildRequest(model, scope);
      await applyAuth(call, model.auth, scope, async (url, form, headers) => {
        const r = await client.call(url, { method: 'POST', form, headers });
        assert.equal(r.status, 200, `token endpoint: ${r.text}`);
        return (r.json as { access_token: string }).access_token;
      });
      let r = await client.call(call.url, call);
      const statuses = [r.status];
      // The CRM answers its first call per id with 429: one retry, as the engine would (without the wait).
      if (r.status === 429) {
        r = await client.call(call.url, call);
        statuses.push(r.status);
      }
      assert.ok(statusAccepted(model, r.status), `${file}: statuses ${statuses.join(' → ')}: ${r.text}`);
      if (file === 'crm-customer.ion.yaml') assert.deepEqual(statuses, [429, 200], 'the demo shows a retry');
      assert.equal(schemaErrors(model.validate?.response, r.json), undefined, 'the demo answer passes validate.response');
      const output = await runTransform(model, transformInput(r.status, r.headers, r.text, scope.input, model.environments!.demo));
      assert.equal(schemaErrors(model.output?.schema, output), undefined, 'the output passes output.schema');
      for (const target of model.output?.to ?? []) {
        if (target.type !== 'http') continue;
        const url = String(scope.secret.slack_webhook);
        assert.equal(target.url, '{{ secret.slack_webhook }}');
        const sent = await client.call(url, { method: target.method ?? 'POST', json: output, headers: target.headers });
        assert.equal(sent.status, 204);
        assert.deepEqual(server.notifications.at(-1)?.body, output);
      }
    });
  }
});
