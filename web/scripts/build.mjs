// Type-checks and builds the console into dist/ (what `npm run build` does), from Node alone
// so CTest and scripts/setup.sh need no npm on PATH at test time.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (script, args) => execFileSync(process.execPath, [path.join(web, 'node_modules', script), ...args], { cwd: web, stdio: 'inherit' });
run('typescript/bin/tsc', ['--noEmit', '-p', '.']);
run('vite/bin/vite.js', ['build', '--logLevel', 'warn']);
