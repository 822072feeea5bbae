/**
 * The Get Started walkthrough (package.json `contributes.walkthroughs`, README "Get started"): VS Code
 * ticks a step when one of its `completionEvents` fires. The buttons of a step run its command
 * (`onCommand:` events), but most steps can also be done another way: an integration opened from the
 * explorer, a secret stored from a diagnostic's quick fix, Save as test from the response panel's
 * button. Those ways set a context key here when the work is seen, and the step completes on
 * `onContext:` that key. Also the `gatewayIon.demo.start` command (demo.ts).
 */
import * as vscode from 'vscode';
import type { RunningParts } from '../running';
import type { EditorServices } from '../services';
import { registerDemoCommand } from './demo';

/** The context keys the walkthrough's `onContext:` completion events name (package.json). */
export const WALKTHROUGH_KEYS = {
  /** An integration file was opened (created by a command or by hand). */
  integrationOpened: 'gatewayIon.walkthrough.integrationOpened',
  /** A secret was stored (the command, a quick fix, or another window). */
  secretStored: 'gatewayIon.walkthrough.secretStored',
  /** The demo API was started by this window. */
  demoStarted: 'gatewayIon.walkthrough.demoStarted',
  /** Save as test was asked for from a response panel. */
  testSaved: 'gatewayIon.walkthrough.testSaved',
} as const;

export type WalkthroughKey = (typeof WALKTHROUGH_KEYS)[keyof typeof WALKTHROUGH_KEYS];

/** Sets walkthrough context keys once each. */
export class WalkthroughProgress {
  private readonly set = new Set<WalkthroughKey>();
  private readonly waiters: Array<{ key: string; resolve: () => void }> = [];

  mark(key: WalkthroughKey): void {
    if (this.set.has(key)) return;
    this.set.add(key);
    void vscode.commands.executeCommand('setContext', key, true);
    for (const w of this.waiters.filter((x) => x.key === key)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** The keys set so far, in the order they were set. */
  keys(): WalkthroughKey[] {
    return [...this.set];
  }

  /** Resolves once `key` is set (at once when it is). */
  whenMarked(key: string): Promise<void> {
    if (this.set.has(key as WalkthroughKey)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ key, resolve }));
  }
}

export function registerWalkthrough(context: vscode.ExtensionContext, services: EditorServices, running: RunningParts): WalkthroughProgress {
  const progress = new WalkthroughProgress();
  const once = (key: WalkthroughKey, event: vscode.Event<unknown>) => {
    const sub = event(() => {
      progress.mark(key);
      sub.dispose();
    });
    context.subscriptions.push(sub);
  };
  // Published diagnostics mean an integration is open (the diagnostics provider serves our language only).
  once(WALKTHROUGH_KEYS.integrationOpened, services.diagnostics.onDidPublish);
  once(WALKTHROUGH_KEYS.secretStored, services.secrets.onDidChange);
  context.subscriptions.push(
    running.panels.onDidRequest((r) => {
      if (r.type === 'saveAsTest') progress.mark(WALKTHROUGH_KEYS.testSaved);
    }),
  );
  registerDemoCommand(context, () => progress.mark(WALKTHROUGH_KEYS.demoStarted));
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // The host tests' view of the progress (test/host/suite/walkthrough.test.ts): VS Code has no API
    // that reads a walkthrough's state or a context key's value. With a key, resolves once it is set.
    context.subscriptions.push(
      vscode.commands.registerCommand('gatewayIon.walkthrough.progress', async (waitFor?: string) => {
        if (typeof waitFor === 'string') await progress.whenMarked(waitFor);
        return progress.keys();
      }),
    );
  }
  return progress;
}
