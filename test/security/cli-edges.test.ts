/**
 * CLI edges, on the built CLI (npm test builds first). Node scans its whole argv for `--env-file`,
 * script arguments included (nodejs/node#54232), and exits 9 with its own message before any of
 * our code runs; the `ion` bin starts Node with `--` (its first line), after which Node stops
 * looking. A missing env file is then ours: exit 2, naming the file, on every Node.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../dist/cli.js');

describe('security: CLI edges (built CLI)', () => {
  let dir: string;
  before(function () {
    if (!existsSync(CLI)) assert.fail(`${CLI} is missing: run npm run build first`);
    dir = mkdtempSync(join(tmpdir(), 'ion-cli-edges-'));
    writeFileSync(join(dir, 'ok.ion.yaml'), 'version: 1\nname: ok\nrequest:\n  url: "https://api.example.com/x"\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the bin starts Node with `--`, so Node leaves --env-file to the CLI', () => {
    const first = readFileSync(CLI, 'utf8').split('\n', 1)[0];
    assert.match(first, /^#!\/usr\/bin\/env -S node --$/);
  });

  for (const args of [
    ['--env-file', 'missing.env', 'validate', 'ok.ion.yaml'],
    ['validate', 'ok.ion.yaml', '--env-file', 'missing.env'],
    ['validate', '--env-file=missing.env', 'ok.ion.yaml'],
  ]) {
    it(`a missing env file is exit 2 with our message naming it: ion ${args.join(' ')}`, function () {
      if (process.platform === 'win32') this.skip();
      // As a user runs it: the bin itself (its first line picks Node), then as `node -- dist/cli.js`.
      for (const [cmd, argv] of [
        [CLI, args],
        [process.execPath, ['--', CLI, ...args]],
      ] as const) {
        const r = spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8', timeout: 20_000 });
        assert.equal(r.status, 2, `${cmd}: exit ${r.status}\n${r.stderr}`);
        assert.match(r.stderr, /^ion: cannot read --env-file missing\.env: no such file/m);
        assert.doesNotMatch(r.stderr, /^node: /m);
      }
    });
  }

  it('an env file that exists is accepted wherever the flag stands', function () {
    if (process.platform === 'win32') this.skip();
    writeFileSync(join(dir, 'vars.env'), 'ION_BASE=https://api.example.com\n');
    for (const args of [['--env-file', 'vars.env', 'validate', 'ok.ion.yaml'], ['validate', 'ok.ion.yaml', '--env-file', 'vars.env']]) {
      const r = spawnSync(CLI, args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 0, r.stderr);
    }
  });
});
