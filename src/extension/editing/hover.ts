/** Hover provider: the core's `hoverAt` (schema docs, cron, vars per environment, secret status — never a value). */
import * as vscode from 'vscode';
import type { ParsedDocuments } from '../parsed-documents';
import { LANGUAGE_ID } from '../language';
import type { SecretStoreApi } from '../secrets/store';
import { rangeOf } from './convert';
import { loadEditorExtras } from './lazy';

export function registerHover(context: vscode.ExtensionContext, secrets: SecretStoreApi, parses: ParsedDocuments): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider({ language: LANGUAGE_ID }, {
      async provideHover(document, position) {
        const { hoverAt } = await loadEditorExtras();
        // After the await: the parse is used at once (see parsed-documents.ts).
        const parsed = parses.get(document);
        const h = hoverAt(parsed, document.offsetAt(position), {
          now: new Date(),
          secretNames: secrets.names(),
          origins: (name) => secrets.origins(name),
        });
        if (!h) return undefined;
        const md = new vscode.MarkdownString(h.markdown);
        md.isTrusted = false;
        return new vscode.Hover(md, rangeOf(document, h.start, h.end));
      },
    }),
  );
}
