import { strict as assert } from 'node:assert';
import { checkExpectations } from '../../../src/core/testing/expect';
import { renderJunit } from '../../../src/core/testing/reporters/junit';
import { renderSpec } from '../../../src/core/testing/reporters/spec';
import type { RunResult } from '../../../src/core/result';

function result(over: Partial<RunResult> = {}): RunResult {
  return {
    ok: true, name: 'x', file: 'x.ion.yaml', environment: 'dev', durationMs: 5,
    request: { method: 'GET', url: 'http://a/', headers: {} },
    attempts: [{ status: 200, durationMs: 5, waitMs: 0 }],
    response: { status: 200, headers: {}, sizeBytes: 2, body: '{}', truncated: false },
    output: { id: 1, tags: ['a'] }, logs: [], validation: [], errors: [], ...over,
  };
}

describe('test expectations', () => {
  it('passes when every key matches', () => {
    const f = checkExpectations(
      { ok: true, status: 200, attempts: 1, output: { id: 1, tags: ['a'] }, outputs: [{ type: 'file' }], maxDurationMs: 100 },
      { result: result(), outputs: [{ type: 'file', target: 'out/a.jsonl', body: { id: 1 } }], effectiveDurationMs: 5 },
    );
    assert.deepEqual(f, []);
  });
  it('fails each key with a message', () => {
    const f = checkExpectations(
      { status: 201, attempts: 2, output: { id: 2, tags: ['a'] }, outputs: [], maxDurationMs: 1 },
      { result: result(), outputs: [{ type: 'file', target: 'o', body: 1 }], effectiveDurationMs: 50 },
    );
    assert.deepEqual(f.map((x) => x.key), ['status', 'attempts', 'output', 'outputs', 'maxDurationMs']);
    assert.match(f[2].message, /at \/id: expected 2, got 1/);
  });
  it('expects success unless an error is named', () => {
    const failed = result({ ok: false, output: null, errors: [{ code: 'rate_limited', message: '429', hint: 'h' }] });
    assert.deepEqual(checkExpectations({ error: 'rate_limited' }, { result: failed, outputs: [], effectiveDurationMs: 0 }), []);
    assert.deepEqual(checkExpectations({}, { result: failed, outputs: [], effectiveDurationMs: 0 }).map((x) => x.key), ['ok']);
    assert.deepEqual(checkExpectations({ error: 'timeout' }, { result: failed, outputs: [], effectiveDurationMs: 0 }).map((x) => x.key), ['error']);
    assert.deepEqual(checkExpectations({ error: 'timeout' }, { result: result(), outputs: [], effectiveDurationMs: 0 }).map((x) => x.key), ['ok', 'error']);
  });
  it('renders JUnit with escaped text and counts', () => {
    const xml = renderJunit([
      {
        file: 'a.ion.yaml', integration: 'a<b>',
        tests: [
          { file: 'a.ion.yaml', integration: 'a', name: 'ok "1"', index: 0, state: 'passed', durationMs: 3, virtualWaitMs: 0, failures: [] },
          { file: 'a.ion.yaml', integration: 'a', name: 'bad', index: 1, state: 'failed', durationMs: 3, virtualWaitMs: 0, failures: [{ key: 'status', message: 'expected 200 & got <500>' }] },
        ],
      },
    ]);
    assert.match(xml, /<testsuites name="ion test" tests="2" failures="1" skipped="0"/);
    assert.match(xml, /name="a&lt;b&gt;"/);
    assert.match(xml, /expected 200 &amp; got &lt;500&gt;/);
    assert.match(xml, /name="ok &quot;1&quot;"/);
  });
  it('ends the spec report with the count line', () => {
    const text = renderSpec([{ file: 'a', integration: 'a', tests: [] }]);
    assert.match(text, /\n0 passed, 0 failed\n$/);
  });
});
