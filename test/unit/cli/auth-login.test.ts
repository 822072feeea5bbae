/**
 * `ion auth login` as a process against the demo API's authorization server: the test plays the
 * browser (reads the printed URL, GETs it following redirects to the CLI's loopback listener).
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { updateEnvText } from '../../../src/cli/commands/auth';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { browse } from '../../helpers/oauth-server';

const ROOT = join(__dirname, '..', '..', '..');
/** tsx by path: the CLI runs in a temporary folder, where `tsx` does not resolve. */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ion ARGS` (from the sources); `onStderr` sees stderr as it grows (the browser step). */
function ion(args: string[], cwd: string, env: Record<string, string>, onStderr?: (text: string) => void): Promise<Done> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, '--', join(ROOT, 'src', 'cli', 'index.ts'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ION_NO_BROWSER: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr);
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The browser: once the authorization URL is printed on a line of its own, open it (once). */
function browser(): { onStderr: (text: string) => void; page: Promise<{ status: number; text: string }> } {
  let started = false;
  let settle!: (p: Promise<{ status: number; text: string }>) => void;
  const page = new Promise<{ status: number; text: string }>((resolve) => {
    settle = (p) => resolve(p);
  });
  return {
    page,
    onStderr: (text) => {
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)$/m.exec(text);
      if (m && !started) {
        started = true;
        settle(browse(m[1]));
      }
    },
  };
}

describe('ion auth login (process)', function () {
  this.timeout(60_000);
  let demo: DemoServer;
  let dir: string;
  let file: string;
  before(async () => {
    demo = await startDemoServer();
  });
  after(async () => demo.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-login-'));
    file = join(dir, 'accounting-signin.ion.yaml');
    writeFileSync(file, readFileSync(join(ROOT, 'examples', 'accounting-signin.ion.yaml')));
  });
  const env = () => ({ ION_SECRET_ACCOUNTING_CLIENT_SECRET: 'demo-secret' });

  it('--print: the URL on its own line (stderr), the browser step, then only ION_SECRET_<NAME>=… on stdout', async () => {
    const b = browser();
    const r = await ion(['auth', 'login', 'accounting-signin.ion.yaml', '--var', `baseUrl=${demo.url}`, '--print'], dir, env(), b.onStderr);
    assert.equal(r.code, 0, r.stderr);
    const page = await b.page;
    assert.equal(page.status, 200);
    assert.match(page.text, /Signed in/);
    assert.match(r.stdout, /^ION_SECRET_ACCOUNTING_SIGNIN_TOKEN=demo-rt-[A-Za-z0-9_-]{24}\n$/);
    const token = r.stdout.trim().split('=')[1];
    assert.ok(!r.stderr.includes(token), 'the refresh token only on stdout');
    assert.ok(!/demo-code-|code_verifier|demo-at-|demo-secret/.test(r.stderr), r.stderr);
  });

  it('--env-file: created 0600; on a second sign-in the line is replaced in place, the rest kept; the run then works', async () => {
    const envFile = join(dir, '.env');
    const first = browser();
    const r1 = await ion(['auth', 'login', 'accounting-signin.ion.yaml', '--var', `baseUrl=${demo.url}`, '--env-file', '.env'], dir, env(), first.onStderr);
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(statSync(envFile).mode & 0o777, 0o600);
    assert.equal(r1.stdout, '');
    const one = readFileSync(envFile, 'utf8');
    assert.match(one, /^ION_SECRET_ACCOUNTING_SIGNIN_TOKEN=demo-rt-\S+\n$/);
    writeFileSync(envFile, `# mine\nION_OTHER=1\n${one}ION_LAST=2\n`);
    const second = browser();
    const r2 = await ion(['auth', 'login', 'accounting-signin.ion.yaml', '--var', `baseUrl=${demo.url}`, '--env-file', '.env'], dir, env(), second.onStderr);
    assert.equal(r2.code, 0, r2.stderr);
    const two = readFileSync(envFile, 'utf8').split('\n');
    assert.deepEqual([two[0], two[1], two[3], two[4]], ['# mine', 'ION_OTHER=1', 'ION_LAST=2', '']);
    assert.match(two[2], /^ION_SECRET_ACCOUNTING_SIGNIN_TOKEN=demo-rt-/);
    assert.notEqual(`${two[2]}\n`, one);
    // The stored refresh token runs the file (refresh_token grant; the demo rotates: the CLI warns).
    // From the repository (the transform's worker loads tsx from there when run from the sources).
    const run = await ion(['run', file, '--var', `baseUrl=${demo.url}`, '--no-outputs', '--log', join(dir, 'runs.jsonl'), '--env-file', envFile], ROOT, env());
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const says = `warning: the token endpoint rotated the refresh token, so ION_SECRET_ACCOUNTING_SIGNIN_TOKEN (${envFile}) may stop working; update it by signing in again: ion auth login ${file} --env demo --env-file ${envFile}`;
    assert.ok(run.stderr.includes(says), run.stderr);
    const stored = two[2].split('=')[1];
    assert.ok(!(run.stdout + run.stderr).includes(stored));
    assert.ok(!/demo-rt-|demo-at-/.test(run.stdout + run.stderr));
  });

  it('without --env-file or --print: a usage error that explains both', async () => {
    const r = await ion(['auth', 'login', 'accounting-signin.ion.yaml'], dir, env());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--env-file F writes ION_SECRET_<NAME>=… to F .*--print writes it to stdout/);
  });

  it('device code: prints the verification URL and user code; approving finishes the sign-in', async () => {
    const devFile = join(dir, 'device.ion.yaml');
    writeFileSync(
      devFile,
      `version: 1
name: device
auth:
  type: oauth2
  grant: device_code
  deviceAuthorizationUrl: "${demo.url}/oauth/device"
  tokenUrl: "${demo.url}/oauth/token"
  clientId: demo-client
  refreshToken: "{{ secret.dev_token }}"
request:
  url: "${demo.url}/v1/invoices"
`,
    );
    let approved = false;
    const r = await ion(['auth', 'login', 'device.ion.yaml', '--print'], dir, {}, (text) => {
      const m = /^Open (\S+) and enter the code (\S+)$/m.exec(text);
      if (m && !approved) {
        approved = true;
        void browse(`${m[1]}?user_code=${encodeURIComponent(m[2])}`);
      }
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(approved);
    assert.match(r.stdout, /^ION_SECRET_DEV_TOKEN=demo-rt-\S+\n$/);
    assert.ok(!r.stderr.includes('demo-dc-'), 'the device code is never shown');
  });
});

describe('ion auth login: the env file update', () => {
  it('replaces the line in place (export kept), appends when missing, drops duplicates', () => {
    assert.equal(updateEnvText('', 'ION_SECRET_X', 'ION_SECRET_X=1'), 'ION_SECRET_X=1\n');
    assert.equal(updateEnvText('A=1\nexport ION_SECRET_X=old\nB=2\n', 'ION_SECRET_X', 'ION_SECRET_X=new'), 'A=1\nexport ION_SECRET_X=new\nB=2\n');
    assert.equal(updateEnvText('A=1', 'ION_SECRET_X', 'ION_SECRET_X=new'), 'A=1\nION_SECRET_X=new\n');
    assert.equal(updateEnvText('ION_SECRET_X=a\nION_SECRET_X=b\n', 'ION_SECRET_X', 'ION_SECRET_X=c'), 'ION_SECRET_X=c\n');
    assert.equal(updateEnvText('ION_SECRET_XY=keep\n', 'ION_SECRET_X', 'ION_SECRET_X=c'), 'ION_SECRET_XY=keep\nION_SECRET_X=c\n');
  });
});
