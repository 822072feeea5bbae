import { strict as assert } from 'node:assert';
import { parseFromWebview, parseSavedState, parseToWebview, type PanelReport, type PanelState } from '../../../src/shared/messages';
import { restrictedResult } from '../../../src/extension/running/restricted';

const state = (): PanelState => ({
  seq: 3,
  fileUri: 'file:///w/a.ion.yaml',
  fileName: 'a.ion.yaml',
  result: restrictedResult('a', '/w/a.ion.yaml', 'dev'),
  curl: null,
  canSaveAsTest: false,
});

const report = (): PanelReport => ({
  seq: 3,
  status: 'ok',
  sections: ['request'],
  attempts: 1,
  responseHeaders: 2,
  jsonTree: true,
  validation: 0,
  errors: [{ code: 'not_found', hint: 'h', line: null }],
  buttons: ['Copy as cURL'],
  text: 'x',
});

describe('panel messages: checked on arrival', () => {
  it('accepts each well-formed message to the webview', () => {
    assert.deepEqual(parseToWebview({ type: 'show', state: state() }), { type: 'show', state: state() });
    assert.deepEqual(parseToWebview({ type: 'running', seq: 1, fileName: 'a', environment: null }), { type: 'running', seq: 1, fileName: 'a', environment: null });
  });

  it('drops malformed messages to the webview', () => {
    for (const bad of [null, 'show', [], { type: 'nope' }, { type: 'show' }, { type: 'show', state: { ...state(), seq: 1.5 } }, { type: 'show', state: { ...state(), result: { ok: 'yes' } } }, { type: 'running', seq: '1', fileName: 'a', environment: null }]) {
      assert.equal(parseToWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts each well-formed message from the webview, keeping only known fields', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready', extra: '<script>' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'copyCurl' }), { type: 'copyCurl' });
    assert.deepEqual(parseFromWebview({ type: 'saveAsTest' }), { type: 'saveAsTest' });
    assert.deepEqual(parseFromWebview({ type: 'reveal', line: 4, column: 2, x: 1 }), { type: 'reveal', line: 4, column: 2 });
    assert.deepEqual(parseFromWebview({ type: 'rendered', report: report() }), { type: 'rendered', report: report() });
  });

  it('drops malformed messages from the webview', () => {
    for (const bad of [undefined, 42, { type: 'reveal', line: 0, column: 1 }, { type: 'reveal', line: '3', column: 1 }, { type: 'reveal', line: 2.5, column: 1 }, { type: 'rendered', report: { ...report(), text: 5 } }, { type: 'rendered' }, { type: 'run' }, { type: '__proto__' }]) {
      assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('restores only a valid saved state', () => {
    assert.deepEqual(parseSavedState(state()), state());
    assert.equal(parseSavedState({ seq: 1 }), undefined);
    assert.equal(parseSavedState(undefined), undefined);
  });
});
