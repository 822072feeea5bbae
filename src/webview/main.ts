/**
 * The response panel's script (runs in the webview, a browser: no Node, no vscode). Renders the
 * run the extension posts and keeps it with setState so a reload restores it. In Test mode only
 * (`<body data-report>`, see src/extension/panel/csp.ts) it reports what it rendered (`rendered`)
 * so the host tests can assert on that. Messages are checked on arrival.
 */
import { parseSavedState, parseToWebview, type FromWebview, type PanelState } from '../shared/messages';
import { renderRunning, renderState, type Actions, type Rendered } from './render';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;

const actions: Actions = {
  reveal: (line, column) => vscode.postMessage({ type: 'reveal', line, column }),
  copyCurl: () => vscode.postMessage({ type: 'copyCurl' }),
  saveAsTest: () => vscode.postMessage({ type: 'saveAsTest' }),
};

const reporting = document.body.dataset.report === 'true';

function report(seq: number, rendered: Rendered): void {
  if (!reporting) return;
  vscode.postMessage({ type: 'rendered', report: { seq, ...rendered, text: root.textContent ?? '' } });
}

function show(state: PanelState, restored = false): void {
  vscode.setState(state);
  const rendered = renderState(root, state, actions);
  report(state.seq, restored ? { ...rendered, status: 'restored' } : rendered);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToWebview(event.data);
  if (!message) return;
  if (message.type === 'show') show(message.state);
  else report(message.seq, renderRunning(root, message.fileName, message.environment));
});

const saved = parseSavedState(vscode.getState());
if (saved) show(saved, true);
// The restored seq lets the extension skip re-posting what is already shown.
vscode.postMessage(saved ? { type: 'ready', seq: saved.seq } : { type: 'ready' });
