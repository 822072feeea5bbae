import type { RunLogEntry } from '../../../src/core/result';

export function entry(over: Partial<RunLogEntry> = {}): RunLogEntry {
  return {
    ts: '2024-03-01T10:00:00.000Z',
    integration: 'github-user',
    file: 'github-user.ion.yaml',
    environment: 'dev',
    trigger: 'manual',
    ok: true,
    status: 200,
    attempts: 1,
    durationMs: 120,
    errorCode: null,
    ...over,
  };
}
