// `npm test`: unit tests in Node (the extension-host suite joins when the harness lands).
import { spawnSync } from 'node:child_process';
const r = spawnSync('npm', ['run', 'test:unit', '--silent'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
