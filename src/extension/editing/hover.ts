/** Hover provider: the core's `hoverAt` (schema docs, cron, vars per environment, secret status — never a value). */
import * as vscode from 'vscode';
import { hoverAt } from '../../core/editor/hover';
import { parseIntegration } from '../../core/parse';
import { LANGUAGE_ID } from '../language';
import type { SecretStoreApi } from '../secrets/store';
import { rangeOf } from './convert';

export function registerHover(context: vscode.ExtensionContext, secrets: SecretStoreApi): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider({ language: LANGUAGE_ID }, {
      provideHover(document, position) {
        const parsed = parseIntegration(document.getText(), { fileName: document.fileName });
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
