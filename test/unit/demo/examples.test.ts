import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenCache } from '../../../src/core/auth/token-cache';
import { defaultRunHooks } from '../../../src/core/engine/default-hooks';
import { runIntegration, type RunEvent } from '../../../src/core/engine/run';
import { createDefaultTransport } from '../../../src/core/http/transport';
import type { IntegrationFile, JsonValue } from '../../../src/core/model';
import { parseIntegration } from '../../../src/core/parse';
import { runTestFile } from '../../../src/core/testing/runner';
import { DEMO_CREDENTIALS, demoSecrets } from '../../../src/demo/credentials';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { fakeClock, seededRandom } from '../../helpers/clock';
import { mapSecrets } from '../../helpers/engine';

const EXAMPLES_DIR = join(__dirname, '..', '..', '..', 'examples');

function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => /\.ion\.ya?ml$/.test(f))
    .sort();
}

function loadExample(file: string): { file: string; text: string; model: IntegrationFile } {
  const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
  const parsed = parseIntegration(text, { fileName: file });
  const yamlErrors = parsed.diagnostics.filter((d) => d.code === 'yaml_syntax');
  if (yamlErrors.length || !parsed.value) throw new Error(`${file}: ${yamlErrors.map((d) => d.message).join('; ') || 'no value'}`);
  return { file, text, model: parsed.value };
}

/** Every `{{ secret.NAME }}` in the file's text. */
function secretNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*secret\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g)].map((m) => m[1]))].sort();
}

const files = exampleFiles();
const SPEC_KEYS = {
  top: ['version', 'name', 'description', 'pattern', 'defaultEnvironment', 'trigger', 'environments', 'auth', 'request', 'retry', 'validate', 'transform', 'output', 'tests', 'paginate', 'batch', 'rateLimit', 'cache', 'docs'],
  test: ['name', 'input', 'env', 'response', 'responses', 'tokenResponse', 'expect', 'live'],
  fixture: ['status', 'headers', 'body'],
  expect: ['ok', 'status', 'attempts', 'output', 'error', 'outputs', 'maxDurationMs'],
  trigger: ['type', 'cron', 'timezone', 'input', 'path', 'method', 'signature'],
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

      it('uses only keys docs/reference.md#file-format names', () => {
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
    assert.deepEqual([...auth].sort(), ['apiKey:header', 'apiKey:query', 'basic', 'bearer', 'headers', 'oauth2:authorization_code', 'oauth2:client_credentials', 'oauth2:refresh_token']);
    assert.deepEqual([...new Set(models.map((m) => m.pattern))].sort(), ['bidirectional', 'event-driven', 'pull', 'push']);
    assert.deepEqual([...new Set(models.map((m) => m.trigger?.type))].sort(), ['manual', 'schedule', 'webhook']);
    assert.ok(models.some((m) => m.trigger?.type === 'schedule' && m.trigger.cron.split(' ').length === 5));
    assert.ok(models.some((m) => m.request?.idempotencyKey && m.request.method === 'POST'));
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

/** Every example's own tests, through the real runner (fixture servers, dummy secrets, QuickJS). */
describe('examples/: tests in files pass with `ion test`', () => {
  for (const file of files) {
    it(`${file}: every test passes`, async () => {
      const path = join(EXAMPLES_DIR, file);
      const r = await runTestFile(path, readFileSync(path, 'utf8'));
      assert.equal(r.error, undefined, r.error?.message);
      assert.ok(r.tests.length > 0, 'has tests');
      const failed = r.tests.filter((t) => t.state !== 'passed').map((t) => `${t.name}: ${t.state} ${t.failures.map((f) => f.message).join('; ')}`);
      assert.deepEqual(failed, []);
    });
  }
});

/** Each example through the real engine against the real demo API: auth, retry, transform, outputs. */
describe('examples/ against the demo API', () => {
  let server: DemoServer;
  before(async () => {
    server = await startDemoServer();
  });
  after(async () => {
    await server.close();
  });

  for (const file of files) {
    it(`${file}: the demo run succeeds with the demo secrets`, async () => {
      // A copy in a temporary folder, so `file` outputs land there and not in examples/out/.
      const dir = mkdtempSync(join(tmpdir(), 'ion-example-'));
      copyFileSync(join(EXAMPLES_DIR, file), join(dir, file));
      const parsed = parseIntegration(readFileSync(join(dir, file), 'utf8'), { fileName: file });
      const transport = createDefaultTransport();
      const statuses: number[] = [];
      const before = server.notifications.length;
      try {
        const result = await runIntegration(parsed, {
          file: join(dir, file),
          vars: { baseUrl: server.url },
          secrets: mapSecrets(demoSecrets(server.url)),
          env: {},
          clock: fakeClock(Date.now()),
          random: seededRandom(7),
          tokenCache: new TokenCache(),
          transport,
          hooks: defaultRunHooks(),
          onEvent: (e: RunEvent) => {
            if (e.type === 'attempt-end' && e.status !== undefined) statuses.push(e.status);
          },
        });
        assert.equal(result.ok, true, `${file}: statuses ${statuses.join(' → ')}: ${JSON.stringify(result.errors)}`);
        if (file === 'crm-customer.ion.yaml') assert.deepEqual(statuses, [429, 200], 'the demo shows a retry');
        const httpTargets = (parsed.value!.output?.to ?? []).filter((t) => t.type === 'http');
        assert.equal(server.notifications.length - before, httpTargets.length, 'each http output reached the demo hook');
        if (httpTargets.length > 0) assert.deepEqual(server.notifications.at(-1)?.body, result.output as JsonValue);
      } finally {
        await transport.close();
      }
    });
  }
});
