/**
 * The dashboard's script (runs in the webview: no Node, no vscode), built as its own bundle,
 * dist/webview/dashboard.js, so the response panel's script does not grow. Renders the report the
 * extension posts, keeps it with setState, and in Test mode only (`<body data-report>`) reports
 * what it rendered. Messages are checked on arrival (src/shared/dashboard-messages.ts).
 */
import { parseDashboardState, parseToDashboard, type DashboardState, type FromDashboard } from '../../shared/dashboard-messages';
import { renderDashboard, type DashboardActions } from './render';

interface VsCodeApi {
  postMessage(message: FromDashboard): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const reporting = document.body.dataset.report === 'true';

const actions: DashboardActions = {
  showRun: (integration, file, runId) => vscode.postMessage({ type: 'showRun', integration, file, runId }),
  openFile: (file) => vscode.postMessage({ type: 'openFile', file }),
};

function show(state: DashboardState): void {
  vscode.setState(state);
  const rendered = renderDashboard(root, state, actions);
  if (reporting) vscode.postMessage({ type: 'rendered', report: { ...rendered, text: root.textContent ?? '' } });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToDashboard(event.data);
  if (message) show(message.state);
});

const saved = parseDashboardState(vscode.getState());
if (saved) show(saved);
vscode.postMessage(saved ? { type: 'ready', seq: saved.seq } : { type: 'ready' });
