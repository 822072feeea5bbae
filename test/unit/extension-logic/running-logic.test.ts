import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parseIntegration } from '../../../src/core/parse';
import type { RunResult } from '../../../src/core/result';
import { effectiveEnvironment, environmentNames } from '../../../src/extension/running/environments';
import { channelLine, channelTraceLines } from '../../../src/extension/running/log-channel-lines';
import { engineEnv, parseRunOptions } from '../../../src/extension/running/options';
import { RESTRICTED_MESSAGE, restrictedResult } from '../../../src/extension/running/restricted';
import { runLogPath } from '../../../src/extension/running/run-log-path';
import { minimalReplacement } from '../../../src/extension/running/text-edit';

const result = (over: Partial<RunResult> = {}): RunResult => ({
  ok: true,
  name: 'crm',
  file: '/w/crm.ion.yaml',
  environment: 'dev',
  durationMs: 123.4,
  request: { method: 'GET', url: 'http://127.0.0.1/x?key=***', headers: { authorization: 'Bearer ***' } },
  attempts: [{ status: 429, durationMs: 5, waitMs: 0 }, { status: 200, durationMs: 7, waitMs: 500 }],
  response: { status: 200, headers: { 'content-type': 'application/json' }, sizeBytes: 20, body: '{"email":"a@b.c"}', truncated: false },
  output: { id: 1 },
  logs: [],
  validation: [],
  errors: [],
  ...over,
});

describe('gatewayIon.run options', () => {
  it('takes env, input, vars and outputs, ignoring other keys (editor menus pass context objects)', () => {
    assert.deepEqual(parseRunOptions(undefined), {});
    assert.deepEqual(parseRunOptions({ groupId: 1 }), {});
    assert.deepEqual(parseRunOptions({ env: 'dev', input: { a: 1 }, vars: { baseUrl: 'http://127.0.0.1:1' }, outputs: false }), {
      env: 'dev',
      input: { a: 1 },
      vars: { baseUrl: 'http://127.0.0.1:1' },
      outputs: false,
    });
  });

  it('rejects bad option values with an error naming the field', () => {
    assert.throws(() => parseRunOptions('dev'), /options must be an object/);
    assert.throws(() => parseRunOptions({ env: 3 }), /`env`/);
    assert.throws(() => parseRunOptions({ input: [1] }), /`input`/);
    assert.throws(() => parseRunOptions({ vars: { a: 1 } }), /vars\.a/);
    assert.throws(() => parseRunOptions({ outputs: 'no' }), /`outputs`/);
  });

  it('keeps a __proto__ var as data, never as a prototype', () => {
    const o = parseRunOptions({ vars: JSON.parse('{"__proto__":"x","b":"y"}') });
    assert.equal(Object.getPrototypeOf(o.vars), Object.prototype);
    assert.deepEqual(Object.keys(o.vars!), ['__proto__', 'b']);
  });

  it("passes VS Code's http.proxy to the engine as HTTPS_PROXY/HTTP_PROXY, and http.noProxy as NO_PROXY", () => {
    assert.deepEqual(engineEnv({ A: '1' }, undefined, undefined), { A: '1' });
    assert.deepEqual(engineEnv({ A: '1' }, '  ', []), { A: '1' });
    const env = engineEnv({ HTTPS_PROXY: 'http://old:1' }, 'http://proxy:3128', ['localhost', '.corp']);
    assert.equal(env.HTTPS_PROXY, 'http://proxy:3128');
    assert.equal(env.HTTP_PROXY, 'http://proxy:3128');
    assert.equal(env.NO_PROXY, 'localhost,.corp');
  });
});

describe('log channel lines', () => {
  it('one line: name, env, status, attempts, duration (and the error code when failed)', () => {
    assert.equal(channelLine(result()), 'run crm env=dev ok status=200 attempts=2 123ms');
    const failed = result({ ok: false, errors: [{ code: 'auth_failed', message: 'm', hint: 'h' }], response: null, attempts: [{ error: 'network', durationMs: 1, waitMs: 0 }] });
    assert.equal(channelLine(failed), 'run crm env=dev FAILED status=- attempts=1 123ms error=auth_failed');
  });

  it('never carries the body, the headers or the URL at info; trace has them (masked by the engine) and cuts the body', () => {
    const line = channelLine(result());
    for (const leak of ['a@b.c', 'Bearer', '127.0.0.1', 'key=']) assert.ok(!line.includes(leak), leak);
    const trace = channelTraceLines(result({ response: { ...result().response!, body: 'x'.repeat(5000) } }), 100);
    assert.equal(trace[0], 'request GET http://127.0.0.1/x?key=***');
    assert.ok(trace[1].length < 200 && trace[1].includes('(5000 chars)'));
  });
});

describe('Restricted Mode result', () => {
  it('is a failed run with nothing sent, errors[0] saying why and how to enable it', () => {
    const r = restrictedResult('crm', '/w/crm.ion.yaml', 'dev');
    assert.equal(r.ok, false);
    assert.equal(r.request, null);
    assert.deepEqual(r.attempts, []);
    assert.equal(r.errors[0].code, 'cancelled');
    assert.equal(r.errors[0].message, RESTRICTED_MESSAGE);
    assert.match(r.errors[0].hint, /trust/i);
  });
});

describe('run log location', () => {
  it('the extension storage by default; .ion/runs.jsonl of the folder with the workspace setting', () => {
    assert.equal(runLogPath(undefined, '/g', '/w'), join('/g', 'runs.jsonl'));
    assert.equal(runLogPath('extension', '/g', '/w'), join('/g', 'runs.jsonl'));
    assert.equal(runLogPath('workspace', '/g', '/w'), join('/w', '.ion', 'runs.jsonl'));
    assert.equal(runLogPath('workspace', '/g', undefined), join('/g', 'runs.jsonl'));
  });
});

describe('environment choice', () => {
  const file = parseIntegration('version: 1\nname: e\ndefaultEnvironment: b\nenvironments:\n  a: { u: 1 }\n  b: { u: 2 }\nrequest: { url: "http://x" }\n').value;
  it('the picked one while the file has it, else the default, else the first', () => {
    assert.deepEqual(environmentNames(file), ['a', 'b']);
    assert.equal(effectiveEnvironment(file, 'a'), 'a');
    assert.equal(effectiveEnvironment(file, 'gone'), 'b');
    assert.equal(effectiveEnvironment(file, undefined), 'b');
    assert.equal(effectiveEnvironment({ ...file!, defaultEnvironment: undefined }, undefined), 'a');
    assert.equal(effectiveEnvironment(undefined, 'a'), null);
  });
});

describe('minimal replacement', () => {
  it('turns before into after with the smallest middle edit', () => {
    for (const [a, b] of [['abc', 'abXc'], ['tests:\n', 'tests:\n  - x\n'], ['same', 'same'], ['', 'new'], ['aaa', 'aa'], ['x\ny', 'x\nz\ny']]) {
      const r = minimalReplacement(a, b);
      assert.equal(a.slice(0, r.start) + r.text + a.slice(r.end), b, `${a} -> ${b}`);
    }
    assert.deepEqual(minimalReplacement('abc', 'abXc'), { start: 2, end: 2, text: 'X' });
  });
});
