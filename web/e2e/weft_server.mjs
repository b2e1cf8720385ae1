// `weft serve --dev` for the browser tests: the real binary on an OS-chosen loopback port,
// a fresh data dir, the built console; killed with SIGKILL when the tests end.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const binary = process.env.WEFT_BINARY ?? path.resolve(web, '../build/app/weft');

// Starts `weft serve` on `port` (0: any) and resolves with the child and its port.
function launch(data, port) {
  const env = { ...process.env };
  delete env.WEFT_JWT_SECRET;  // dev mode: the secret lives in the data dir, across restarts
  const child = spawn(binary, ['serve', '--dev', '--listen', `127.0.0.1:${port}`, '--data', data, '--console', path.join(web, 'dist')],
    { stdio: ['ignore', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`weft serve exited (${code}): ${out}`)));
  });
}

export async function startWeft() {
  const data = mkdtempSync(path.join(tmpdir(), 'weft-e2e-'));
  let { child, port } = await launch(data, 0);
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
    /// A token signed with this node's dev secret (`weft token --data`).
    token(tenant, user, roles = []) {
      const args = ['token', '--tenant', tenant, '--user', user, '--data', data, ...roles.flatMap((r) => ['--role', r])];
      const env = { ...process.env };
      delete env.WEFT_JWT_SECRET;
      return execFileSync(binary, args, { env }).toString().trim();
    },
    /// kill -9, then the same binary on the same data and port.
    async crashAndRestart() {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
      ({ child } = await launch(data, port));
    },
    stop() {
      child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    },
  };
}
