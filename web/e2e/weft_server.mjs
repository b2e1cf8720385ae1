// `weft serve --dev` for the browser tests: the real binary on an OS-chosen loopback port,
// a fresh data dir, the built console; killed with SIGKILL when the tests end.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function startWeft() {
  const binary = process.env.WEFT_BINARY ?? path.resolve(web, '../build/app/weft');
  const data = mkdtempSync(path.join(tmpdir(), 'weft-e2e-'));
  const child = spawn(binary, ['serve', '--dev', '--listen', '127.0.0.1:0', '--data', data, '--console', path.join(web, 'dist')],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WEFT_JWT_SECRET: '' } });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`weft serve exited (${code}): ${out}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const session = await (await fetch(`${base}/api/console/session`)).json();
  return {
    base,
    /// Calls the REST API as the dev tenant.
    async api(method, route, body) {
      const r = await fetch(base + route, {
        method,
        headers: { Authorization: `Bearer ${session.token}`, 'X-Tenant-ID': session.tenant_id, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${route}: ${r.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    stop() {
      child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    },
  };
}
