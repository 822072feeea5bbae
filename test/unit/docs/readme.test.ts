import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadme } from '../../../scripts/render-docs';
import { parseIntegration } from '../../../src/core/parse';
import { ERROR_CODES } from '../../../src/core/errors';

const ROOT = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('has its generated tables in step with the code (npx tsx scripts/render-docs.ts)', async () => {
    assert.equal(await renderReadme(readme), readme);
  });
  it('lists every error code in the troubleshooting table', () => {
    for (const code of ERROR_CODES) assert.ok(readme.includes(`<a id="error-${code}"></a>\`${code}\``), code);
  });
  it('shows a file-format example that validates clean, identical to the reference example fixture (docs/reference.md#file-format)', () => {
    const block = /<!-- format:start -->\n```yaml\n([\s\S]*?)```\n<!-- format:end -->/.exec(readme);
    assert.ok(block, 'format block');
    const parsed = parseIntegration(block[1]);
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(block[1], readFileSync(join(ROOT, 'test', 'fixtures', 'spec-example.ion.yaml'), 'utf8'));
  });
});
