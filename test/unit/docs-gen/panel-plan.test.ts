import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { flowOf, svgFlow } from '../../../src/core/docs';
import { restrictedResult } from '../../../src/extension/running/restricted';
import { parseToWebview, type PanelState } from '../../../src/shared/messages';
import { readinessLine } from '../../../src/webview/readiness-line';

const state = (plan?: unknown): PanelState =>
  ({
    seq: 3,
    fileUri: 'file:///w/a.ion.yaml',
    fileName: 'a.ion.yaml',
    result: restrictedResult('a', '/w/a.ion.yaml', 'dev'),
    curl: null,
    canSaveAsTest: false,
    ...(plan === undefined ? {} : { plan }),
  }) as PanelState;

describe('the panel\'s readiness line and flow (messages)', () => {
  const flowSvg = svgFlow(flowOf(parse('version: 1\nname: a\nrequest: { url: "https://a.example.com" }\n')));

  it('a state with a plan (readiness and the flow SVG) is accepted; without one too', () => {
    const plan = { met: 3, total: 4, missing: ['Rate limits known'], flowSvg };
    assert.deepEqual(parseToWebview({ type: 'show', state: state(plan) }), { type: 'show', state: state(plan) });
    assert.ok(parseToWebview({ type: 'show', state: state() }));
  });

  it('a malformed plan drops the message', () => {
    for (const bad of [{ met: '3', total: 4, missing: [], flowSvg }, { met: 3, total: 4, missing: [1], flowSvg }, { met: 3, total: 4, missing: [], flowSvg: '<div>' }, 'x']) {
      assert.equal(parseToWebview({ type: 'show', state: state(bad) }), undefined, JSON.stringify(bad));
    }
  });

  it('the readiness line names what is missing', () => {
    assert.equal(readinessLine({ met: 2, total: 4, missing: ['Auth documented', 'Rate limits known'], flowSvg }), 'Ready 2/4 · missing: auth documented, rate limits known');
    assert.equal(readinessLine({ met: 4, total: 4, missing: [], flowSvg }), 'Ready 4/4');
  });
});
