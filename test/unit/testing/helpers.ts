/** Shared bits of the `ion test` tests: an integration skeleton and a one-file runner. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTestFile } from '../../../src/core/testing/runner';
import type { TestCaseResult, TestFileResult } from '../../../src/core/testing/types';
import type { CliIO } from '../../../src/cli/io';

export const BASE = `version: 1
name: sample
defaultEnvironment: dev
environments:
  dev: { baseUrl: "https://api.example.com" }
  prod: { baseUrl: "https://api.prod.example.com" }
`;

/** A file with the given blocks after the base (request, retry, tests, …). */
export function integration(rest: string): string {
  return `${BASE}${rest}`;
}

export async function runText(text: string, options: Parameters<typeof runTestFile>[2] = {}): Promise<TestFileResult> {
  return runTestFile(join(tmpdir(), 'sample.ion.yaml'), text, options);
}

export async function onlyTest(text: string): Promise<TestCaseResult> {
  const r = await runText(text);
  if (r.error) throw new Error(`file error: ${r.error.message}`);
  if (r.tests.length !== 1) throw new Error(`expected one test, got ${r.tests.length}`);
  return r.tests[0];
}

export function failureKeys(t: TestCaseResult): string[] {
  return t.failures.map((f) => f.key);
}

export function tempDir(prefix = 'ion-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

export interface FakeIO extends CliIO {
  stdout: string;
  stderr: string;
}

export function fakeIO(cwd: string, env: Record<string, string | undefined> = {}): FakeIO {
  const io: FakeIO = {
    stdout: '',
    stderr: '',
    cwd,
    env,
    isTTY: false,
    out: (t) => {
      io.stdout += t;
    },
    err: (t) => {
      io.stderr += t;
    },
  };
  return io;
}
