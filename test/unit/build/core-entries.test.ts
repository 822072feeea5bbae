/**
 * Adapters reach the core only through its entries (eslint.config.mjs, `DEEP_CORE`): an area's
 * index.ts, a single-file module at the top of src/core, or core/editor/extras. This lints small
 * texts as if they were files of each adapter, with the project's own ESLint configuration.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(filePath: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, filePath) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** Each adapter's folder, with the relative way up from a file in it to src/core. */
const ADAPTERS: Array<[string, string]> = [
  ['src/extension/running/x.ts', '../../core'],
  ['src/extension/x.ts', '../core'],
  ['src/cli/commands/x.ts', '../../core'],
  ['src/demo/x.ts', '../core'],
  ['src/webview/x.ts', '../core'],
  ['src/shared/x.ts', '../core'],
];

describe('core entries (lint)', function () {
  this.timeout(60_000);

  for (const [file, core] of ADAPTERS) {
    it(`${file}: a deep import into a core area fails lint`, async () => {
      for (const deep of [`${core}/engine/run`, `${core}/testing/reporters/json`, `${core}/editor/hover`, `${core}/runlog/read`]) {
        const messages = await restrictedImports(file, `import * as m from '${deep}';\nexport const x = m;\n`);
        assert.ok(messages.some((m) => /through its entry/.test(m)), `${deep} from ${file} should be refused, got ${JSON.stringify(messages)}`);
      }
    });
  }

  it('an area entry, a top-level core module and core/editor/extras pass', async () => {
    const text = [
      "import * as a from '../../core/testing';",
      "import * as b from '../../core/parse';",
      "import * as c from '../../core/editor/extras';",
      'export const x = [a, b, c];',
      '',
    ].join('\n');
    assert.deepEqual(await restrictedImports('src/extension/editing/x.ts', text), []);
  });

  it('inside src/core, and in tests, deep imports stay allowed', async () => {
    assert.deepEqual(await restrictedImports('src/core/engine/x.ts', "import * as m from '../testing/record';\nexport const x = m;\n"), []);
    assert.deepEqual(await restrictedImports('test/unit/x.test.ts', "import * as m from '../../src/core/engine/run';\nexport const x = m;\n"), []);
  });

  it('every core area has an index.ts entry', () => {
    const core = join(ROOT, 'src', 'core');
    const areas = readdirSync(core).filter((d) => d !== 'generated' && statSync(join(core, d)).isDirectory());
    assert.ok(areas.length >= 10, `expected the core areas, found ${areas.join(', ')}`);
    const missing = areas.filter((d) => !readdirSync(join(core, d)).includes('index.ts'));
    assert.deepEqual(missing, []);
  });
});
