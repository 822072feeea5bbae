import assert from 'node:assert/strict';
import { AlertPolicy, resolveAlertPolicy, type ObservedRun } from '../../../src/core/alerts';
import { ERROR_INFO } from '../../../src/core/errors';
import { parseIntegration } from '../../../src/core/parse';

const run = (ok: boolean, over: Partial<ObservedRun> = {}): ObservedRun => ({
  integration: 'orders',
  environment: 'prod',
  trigger: 'schedule',
  ok,
  errorCode: ok ? null : 'server_error',
  status: ok ? 200 : 503,
  ...over,
});

/** Feeds outcomes (`x` failed, `.` ok) a minute apart; returns what each produced. */
function feed(policy: AlertPolicy, outcomes: string, start = 0, stepMs = 60_000): string[] {
  return [...outcomes].map((c, i) => policy.observe(run(c === '.'), start + i * stepMs)?.kind ?? '-');
}

describe('alerts: the policy', () => {
  it('default: an alert at the first failure, once until recovered, then one "recovered"', () => {
    assert.deepEqual(feed(new AlertPolicy(), 'x x x . . x'.replace(/ /g, '')), ['failing', '-', '-', 'recovered', '-', 'failing']);
  });

  it('after N: only the N-th failure in a row alerts; a success in between starts over', () => {
    const p = new AlertPolicy({ policyFor: () => ({ after: 3 }) });
    assert.deepEqual(feed(p, 'xx.xxxxx.'), ['-', '-', '-', '-', '-', 'failing', '-', '-', 'recovered']);
  });

  it('repeat: again at most once per duration while failing (a fake clock)', () => {
    const p = new AlertPolicy({ policyFor: () => ({ after: 2, repeat: '1h' }) });
    const at = (ok: boolean, minutes: number) => p.observe(run(ok), minutes * 60_000)?.kind ?? '-';
    assert.equal(at(false, 0), '-');
    assert.equal(at(false, 10), 'failing');
    assert.equal(at(false, 69), '-'); // 59 minutes after the alert
    assert.equal(at(false, 70), 'failing'); // 60 minutes: at the repeat
    assert.equal(at(false, 100), '-');
    assert.equal(at(true, 101), 'recovered');
    assert.equal(at(true, 102), '-');
  });

  it('off: nothing; manual runs and skipped ticks are ignored', () => {
    assert.deepEqual(feed(new AlertPolicy({ policyFor: () => 'off' }), 'xxx.'), ['-', '-', '-', '-']);
    const p = new AlertPolicy();
    assert.equal(p.observe(run(false, { trigger: 'manual' }), 0), null);
    assert.equal(p.observe(run(true, { skipped: true }), 0), null);
    assert.equal(p.observe(run(false, { trigger: 'webhook' }), 0)?.kind, 'failing');
  });

  it('each integration and environment has its own streak', () => {
    const p = new AlertPolicy({ policyFor: () => ({ after: 2 }) });
    assert.equal(p.observe(run(false), 0), null);
    assert.equal(p.observe(run(false, { environment: 'dev' }), 1), null);
    assert.equal(p.observe(run(false, { integration: 'billing' }), 2), null);
    assert.equal(p.observe(run(false), 3)?.kind, 'failing');
  });

  it('the text holds the name, the count, the code and the hint, and goes through the mask', () => {
    const p = new AlertPolicy({ mask: (t) => t.replace(/orders/g, '***') });
    const a = p.observe(run(false, { runId: 'r-1' }), 0)!;
    assert.equal(a.code, 'server_error');
    assert.equal(a.hint, ERROR_INFO.server_error.hint);
    assert.equal(a.runId, 'r-1');
    assert.equal(a.text, `Gateway Ion: *** (prod) is failing: 1 schedule run in a row failed, the last with server_error (HTTP 503). Hint: ${ERROR_INFO.server_error.hint} Run r-1.`);
    assert.equal(p.observe(run(true), 1)!.text, 'Gateway Ion: *** (prod) recovered after 1 failed run.');
  });

  it('resolves the file\'s alerts: key (after, repeat as a duration, off)', () => {
    assert.deepEqual(resolveAlertPolicy(undefined), { off: false, after: 1, repeatMs: undefined });
    assert.deepEqual(resolveAlertPolicy({ after: 3, repeat: '30m' }), { off: false, after: 3, repeatMs: 1_800_000 });
    assert.deepEqual(resolveAlertPolicy('off'), { off: true, after: 1, repeatMs: undefined });
    assert.deepEqual(resolveAlertPolicy({ after: 0, repeat: 'soon' }), { off: false, after: 1, repeatMs: undefined });
  });

  it('the alerts: key in a file: after an integer ≥ 1, repeat a duration, or off; checked at its position', () => {
    const file = (alerts: string) => `version: 1\nname: a\nrequest: { url: "https://api.example.com/x" }\nalerts: ${alerts}\n`;
    const errors = (alerts: string) => parseIntegration(file(alerts)).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors('{ after: 3, repeat: 1h }'), []);
    assert.deepEqual(errors('off'), []);
    assert.deepEqual(parseIntegration(file('{ after: 2, repeat: 30m }')).value?.alerts, { after: 2, repeat: '30m' });
    for (const bad of ['{ after: 0 }', '{ after: 1.5 }', '{ repeat: soon }', '{ every: 1h }', 'on']) {
      const d = errors(bad);
      assert.ok(d.length > 0, bad);
      assert.equal(file(bad).slice(0, d[0].start).split('\n').length >= 4, true, `${bad}: at the alerts line`);
    }
  });
});
