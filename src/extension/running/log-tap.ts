/**
 * The "Gateway Ion" LogOutputChannel, with a copy of what was written kept in memory (the last
 * 500 lines) so the host tests can check that no secret reaches the log.
 */
import * as vscode from 'vscode';

const KEEP = 500;

export class RunLogTap implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly kept: string[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('Gateway Ion', { log: true });
  }

  private keep(level: string, line: string): void {
    this.kept.push(`[${level}] ${line}`);
    if (this.kept.length > KEEP) this.kept.splice(0, this.kept.length - KEEP);
  }

  info(line: string): void {
    this.keep('info', line);
    this.channel.info(line);
  }

  warn(line: string): void {
    this.keep('warn', line);
    this.channel.warn(line);
  }

  error(line: string): void {
    this.keep('error', line);
    this.channel.error(line);
  }

  trace(line: string): void {
    this.keep('trace', line);
    this.channel.trace(line);
  }

  lines(): string[] {
    return [...this.kept];
  }

  dispose(): void {
    this.channel.dispose();
  }
}
