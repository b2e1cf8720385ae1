// The JavaScript clients printed in seeds 000 and 004 — read from the seed documents and run
// unchanged under Node.js (the `ws` package plays the browser's WebSocket) — against a real
// `weft serve`: their callbacks must see a whole run. Run by CTest; exits non-zero on failure.
// Usage: WEFT_SEEDS_DIR=path/to/seeds node seed_clients.test.mjs  (and WEFT_BINARY). The seed
// documents are not part of this repository: without WEFT_SEEDS_DIR the test exits 77, which
// CTest reports as skipped, with the reason.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket as NodeWebSocket } from 'ws';

const binary = process.env.WEFT_BINARY;
const seeds = process.env.WEFT_SEEDS_DIR;
if (!seeds || !existsSync(seeds)) {
  console.log(`skipped: the seed documents are not here (WEFT_SEEDS_DIR=${seeds ?? '(unset)'}); ` +
              'set WEFT_SEEDS_DIR to the folder that holds them to run their clients');
  process.exit(77);
}
const secret = 'seed-clients-secret-0123456789';
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

// The ```javascript block of a seed that defines `name`, up to its usage example.
function seedCode(prefix, name, usageMarker) {
  const file = readdirSync(seeds).find((f) => f.startsWith(prefix));
  const text = readFileSync(join(seeds, file), 'utf8');
  const block = text.split('```javascript').map((b) => b.split('```')[0]).find((b) => b.includes(name));
  return block.split(usageMarker)[0];
}

async function startServer() {
  const data = mkdtempSync(join(tmpdir(), 'weft-js-'));
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--data', data, '--default-tier', 'enterprise'],
                      { env: { ...process.env, WEFT_JWT_SECRET: secret }, stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on 127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error('weft serve exited: ' + out)));
  });
  return { child, port, data };
}

const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error('timed out: ' + what)), ms));

async function main() {
  const server = await startServer();
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const token = execFileSync(binary, ['token', '--tenant', 'acme', '--user', 'ana'],
                               { env: { ...process.env, WEFT_JWT_SECRET: secret } }).toString().trim();
    const headers = { Authorization: `Bearer ${token}`, 'X-Tenant-ID': 'acme', 'Content-Type': 'application/json' };
    // A short pause first, so that a client subscribing after execute sees every step.
    const definition = { name: 'seed clients', steps: [
      { id: 'input', type: 'input', next: 'pause' },
      { id: 'pause', type: 'delay', config: { duration_ms: 300 }, next: 'enrich_data' },
      { id: 'enrich_data', name: 'Data Enrichment', type: 'transform', config: { set: { size: "'101-250'" } }, next: 'decision' },
      { id: 'decision', type: 'condition', config: { conditions: [{ condition: "$.enrich_data.size == '101-250'", next: 'out' }], default: 'other' } },
      { id: 'out', type: 'output', config: { value: '$.enrich_data' } },
      { id: 'other', type: 'output', config: { value: "'other'" } }] };
    const wf = await (await fetch(`${base}/api/workflows`, { method: 'POST', headers, body: JSON.stringify(definition) })).json();
    const execute = async () => (await (await fetch(`${base}/api/workflows/${wf.id}/execute`,
      { method: 'POST', headers, body: JSON.stringify({ input: {} }) })).json()).execution_id;

    // The browser's WebSocket, pointed at this server instead of the seeds' example hosts.
    globalThis.WebSocket = class extends NodeWebSocket {
      constructor(url) { super(url.replace(/^wss?:\/\/[^/]+/, `ws://127.0.0.1:${server.port}`)); }
    };
    globalThis.document = { getElementById: () => null };

    // Seed 000: monitorWorkflowExecution.
    {
      const monitorWorkflowExecution = new Function(seedCode('000_', 'monitorWorkflowExecution', '// Ejemplo de uso') +
                                                    '\nreturn monitorWorkflowExecution;')();
      const id = await execute();
      const seen = { updates: [], steps: [], errors: [], completed: null };
      const done = new Promise((resolve) => {
        const monitor = monitorWorkflowExecution(id, wf.id, token, 'acme', {
          onUpdate: (d) => seen.updates.push(d),
          onStepCompleted: (d) => seen.steps.push(d),
          onError: (d) => seen.errors.push(d),
          onCompleted: (d) => { seen.completed = d; monitor.close(); resolve(); },
        });
      });
      await Promise.race([done, timeout(10000, 'seed 000 onCompleted')]);
      check(seen.completed?.status === 'completed', 'seed 000: completed with status completed');
      check(seen.completed?.output?.size === '101-250', 'seed 000: the output');
      // The client subscribes after execute answers: on a busy machine that may come before the
      // input step finishes, so it sees `input` too. What it must see: every step from where it
      // joined, in order, and at least those after the pause.
      const order = ['input', 'pause', 'enrich_data', 'decision', 'out'];
      const got = seen.steps.map((s) => s.step_id);
      check(got.length >= 4 && JSON.stringify(got) === JSON.stringify(order.slice(order.length - got.length)),
            'seed 000: every step after the subscription, in order: ' + got);
      check(seen.steps.find((s) => s.step_id === 'enrich_data')?.step_name === 'Data Enrichment', 'seed 000: step names');
      const progress = seen.updates.map((u) => u.progress);
      check(progress.length > 0 && progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= progress[i - 1])),
            'seed 000: progress rises from 0 to 1: ' + progress);
      check(seen.errors.length === 0, 'seed 000: no error');
    }

    // Seed 004: the WorkflowWebSocket class.
    {
      const WorkflowWebSocket = new Function(seedCode('004_', 'class WorkflowWebSocket', '// Usage') +
                                             '\nreturn WorkflowWebSocket;')();
      const id = await execute();
      const seen = { types: [], executions: [], nodes: [] };
      const done = new Promise((resolve) => {
        const client = new WorkflowWebSocket(token);
        const handle = client.handleMessage.bind(client);
        client.handleMessage = (message) => {
          handle(message);
          seen.types.push(message.type);
          if (message.type === 'connection') client.subscribeToExecution(id);
          if (message.type === 'execution_update') seen.executions.push(message.data);
          if (message.type === 'node_update') seen.nodes.push(message.data);
          if (message.type === 'execution_update' && message.data.status === 'completed') {
            client.maxReconnectAttempts = 0;
            client.disconnect();
            resolve();
          }
        };
        client.connect();
      });
      await Promise.race([done, timeout(10000, 'seed 004 completed')]);
      check(seen.types[0] === 'connection', 'seed 004: connection first');
      check(seen.types.includes('subscription'), 'seed 004: subscription confirmed');
      check(seen.executions.at(-1)?.progress_percentage === 100, 'seed 004: progress reaches 100');
      const enrich = seen.nodes.filter((n) => n.node_id === 'enrich_data').map((n) => n.status);
      check(JSON.stringify(enrich) === JSON.stringify(['running', 'completed']), 'seed 004: node statuses ' + enrich);
    }
  } finally {
    server.child.kill('SIGTERM');
    rmSync(server.data, { recursive: true, force: true });
  }
}

const quiet = console.log;
console.log = () => {};  // the seeds' clients log every message
main().then(() => {
  console.log = quiet;
  if (failures.length) {
    console.error('FAILED:\n  ' + failures.join('\n  '));
    process.exit(1);
  }
  console.log('seed clients: ok');
  process.exit(0);
}, (err) => {
  console.log = quiet;
  console.error(err);
  process.exit(1);
});
