/** The panel's HTML shell and its Content-Security-Policy (pure: no vscode import, unit-tested). */

export interface ShellOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh nonce per render (crypto.randomBytes). */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** Whether the script reports what it rendered (`rendered` messages): Test mode only. */
  report?: boolean;
  /** What the page says until the script renders (default: waiting for a run). */
  placeholder?: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `img-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function panelHtml(o: ShellOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>${escapeAttr(o.title)}</title>
</head>
<body${o.report ? ' data-report="true"' : ''}>
<main id="root"><p class="running">${escapeAttr(o.placeholder ?? 'Waiting for a run…')}</p></main>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>`;
}
