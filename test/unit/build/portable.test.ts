import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The runtime dependency closure of package.json (what the CLI and the extension may load). */
function runtimeClosure(): string[] {
  const seen = new Set<string>();
  const queue = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies ?? {});
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const pkgPath = join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(pkgPath)) continue;
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    queue.push(...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}));
  }
  return [...seen];
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') filesUnder(p, out);
    } else out.push(p);
  }
  return out;
}

describe('portable code (docs/reference.md#portable-code)', () => {
  it('has no native addon among the runtime dependencies: JavaScript and WebAssembly only', () => {
    const closure = runtimeClosure();
    assert.ok(closure.includes('undici') && closure.includes('yaml'), 'the closure was read');
    const native: string[] = [];
    for (const name of closure) {
      const dir = join(ROOT, 'node_modules', name);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.gypfile || existsSync(join(dir, 'binding.gyp'))) native.push(`${name} (binding.gyp)`);
      for (const f of filesUnder(dir)) if (f.endsWith('.node')) native.push(f);
    }
    assert.deepEqual(native, []);
  });
});
