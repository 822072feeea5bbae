/**
 * The "Gateway Ion" LogOutputChannel. Nothing is kept in memory here: in Test mode the test API
 * registers an observer (`observe`) that keeps the last lines so the host tests can check that no
 * secret reaches the log (src/extension/test-api.ts).
 */
import * as vscode from 'vscode';

export type LogLevel = 'info' | 'warn' | 'error' | 'trace';

export class LogChannel implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly observers = new Set<(level: LogLevel, line: string) => void>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('Gateway Ion', { log: true });
  }

  /** Calls `observer` with every line written from now on, until the result is disposed. */
  observe(observer: (level: LogLevel, line: string) => void): vscode.Disposable {
    this.observers.add(observer);
    return new vscode.Disposable(() => this.observers.delete(observer));
  }

  private write(level: LogLevel, line: string): void {
    for (const o of this.observers) o(level, line);
    this.channel[level](line);
  }

  info(line: string): void {
    this.write('info', line);
  }

  warn(line: string): void {
    this.write('warn', line);
  }

  error(line: string): void {
    this.write('error', line);
  }

  trace(line: string): void {
    this.write('trace', line);
  }

  dispose(): void {
    this.observers.clear();
    this.channel.dispose();
  }
}
