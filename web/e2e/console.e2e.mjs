// The console end to end: the real `weft serve` and Debian's Chromium. A user builds a
// workflow by drag and drop, sees a validation error appear and clear, saves, runs it and
// watches it finish; reloads the page in the middle of a run and sees it carry on live;
// compares and reverts versions; finds a step in a 250-step workflow. Screenshots go to
// $WEFT_SCREENSHOTS (the README's come from here).
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWeft } from './weft_server.mjs';
import { startBrowser, waitForAttribute, waitForText } from './browser.mjs';

const shots = process.env.WEFT_SCREENSHOTS ?? path.join(tmpdir(), 'weft-console-screenshots');
mkdirSync(shots, { recursive: true });

let weft;
let browser;
let page;
const problems = [];
// The outside world: an HTTP service that fails its first call and answers the second.
let outside;
let flakyCalls = 0;

before(async () => {
  outside = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/score') {
        // A tenant's custom step type: scores what it is sent, and shows the token it got.
        const call = JSON.parse(body);
        return res.end(JSON.stringify({ score: call.input.name.length * 10, authorization: req.headers.authorization, config: call.config }));
      }
      if (req.url === '/whoami') return res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
      if (req.url === '/broken') {
        res.statusCode = 500;
        return res.end(JSON.stringify({ error: 'boom', request_id: 'r-17' }));
      }
      flakyCalls += 1;
      res.statusCode = flakyCalls === 1 ? 503 : 200;
      res.end(JSON.stringify({ call: flakyCalls }));
    });
  });
  await new Promise((r) => outside.listen(0, '127.0.0.1', r));
  weft = await startWeft();
  browser = await startBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('response', async (r) => {
    if (r.status() >= 500) problems.push(`server error: ${r.request().method()} ${r.url()} ${r.status()} ${await r.text().catch(() => '')}`);
  });
  await page.goto(weft.base + '/');
  // Dev mode fills in the sign-in form.
  await waitForText(page.locator('.signin .hint'), /Dev mode/);
  assert.equal(await page.locator('input[name=tenant]').inputValue(), 'dev');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
});

// After every scenario the node still starts and finishes a run (this is how an engine crash
// on a 1 ms test-run wait was found: the console kept working, the engine did not).
let probeWorkflow;
afterEach(async (t) => {
  probeWorkflow ??= (await weft.api('POST', '/api/workflows', { name: 'probe', steps: [{ id: 'input', type: 'input' }] })).id;
  try {
    const r = await weft.api('POST', `/api/workflows/${probeWorkflow}/execute?wait_ms=5000`, { input: {} });
    if (r.status !== 'completed') problems.push(`engine probe after "${t.name}": ${JSON.stringify(r)}`);
  } catch (e) {
    problems.push(`engine probe after "${t.name}": ${e.message}`);
  }
});

after(async () => {
  await browser?.close();
  weft?.stop();
  outside?.close();
});

/// Drags from one step's handle to another's with the mouse, as a user connects two steps,
/// and waits for the edge to be drawn.
async function connect(fromStep, fromHandle, toStep) {
  const edge = page.getByTestId(`rf__edge-e-${fromStep}-${toStep}-${fromHandle}`);
  const a = await page.getByTestId(`handle-${fromStep}-${fromHandle}`).boundingBox();
  const b = await page.getByTestId(`handle-${toStep}-input`).boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  try {
    await edge.waitFor({ state: 'attached' });  // a straight edge has no height: never 'visible'
  } catch (e) {
    await page.screenshot({ path: path.join(shots, `connect-failed-${fromStep}-${toStep}.png`) });
    console.log(`# connect ${fromStep} -> ${toStep}: from ${JSON.stringify(a)} to ${JSON.stringify(b)}`);
    throw e;
  }
}

const approval = {
  name: 'Approval',
  input_schema: { type: 'object', properties: { amount: { type: 'number', default: 120 } } },
  steps: [
    { id: 'input', type: 'input', next: 'approve' },
    { id: 'approve', type: 'wait_for_signal', name: 'Manager approval', config: { name: 'approval' }, next: 'book' },
    { id: 'book', type: 'log', config: { message: 'booked {{ $.input.amount }}' }, next: 'done' },
    { id: 'done', type: 'output', config: { value: '$.approve' } },
  ],
};

test('build a workflow by drag and drop, fix a validation error, save, run it and see the output', async () => {
  await page.getByRole('button', { name: 'New workflow' }).click();
  const canvas = page.getByTestId('workflow-canvas');
  await canvas.waitFor();
  await page.getByLabel('Workflow name').fill('Greeter');

  await page.getByTestId('palette-input').dragTo(canvas, { targetPosition: { x: 120, y: 200 } });
  await page.getByTestId('palette-log').dragTo(canvas, { targetPosition: { x: 400, y: 200 } });
  await page.getByTestId('palette-output').dragTo(canvas, { targetPosition: { x: 680, y: 200 } });
  for (const id of ['input', 'log', 'output']) await page.getByTestId(`node-${id}`).waitFor();

  // The log step needs a message: the error shows on the node, then goes once it is given.
  await waitForText(page.getByTestId('problems-log'), /message/);
  await page.getByTestId('node-log').click();
  await waitForText(page.getByTestId('param-error-message'), /message/);  // under its field too
  await page.getByTestId('param-message').locator('textarea').fill('Hello {{ $.input.name }}');
  await page.getByTestId('problems-log').waitFor({ state: 'detached' });
  await page.getByTestId('param-error-message').waitFor({ state: 'detached' });

  await page.getByTestId('node-output').click();
  await page.getByTestId('param-value').locator('textarea').fill('$.input');
  await connect('input', 'out', 'log');
  await connect('log', 'out', 'output');
  assert.equal(await page.locator('.react-flow__edge').count(), 2, 'two edges drawn');
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.screenshot({ path: path.join(shots, 'editor.png') });

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/#\/workflows\/wf_/);
  const id = decodeURIComponent(page.url().split('/').pop());
  const saved = await weft.api('GET', `/api/workflows/${id}`);
  assert.equal(saved.name, 'Greeter');
  assert.deepEqual(saved.definition.steps.map((s) => s.type), ['input', 'log', 'output']);
  assert.deepEqual(saved.definition.steps.map((s) => s.next), ['log', 'output', undefined]);
  assert.equal(saved.definition.steps[1].config.message, 'Hello {{ $.input.name }}');

  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByLabel('Start a run').locator('textarea').fill('{"name": "Ada"}');
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/#\/executions\/ex_/);
  await waitForText(page.getByTestId('run-status'), /completed/);
  for (const step of ['input', 'log', 'output']) await waitForAttribute(page.getByTestId(`node-${step}`), 'data-status', 'completed');
  await waitForText(page.getByTestId('run-output'), /"name": "Ada"/);
  await waitForText(page.getByTestId('logs'), /Hello Ada/);
  await page.getByTestId('node-log').click();
  await waitForText(page.getByTestId('step-detail'), /Attempts\s*1/);
  await page.screenshot({ path: path.join(shots, 'run-completed.png') });
});

test('a run survives a page reload: the graph carries on live, and a signal finishes it', async () => {
  const wf = await weft.api('POST', '/api/workflows', approval);
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await page.getByRole('button', { name: 'Run' }).click();
  // The input form comes from input_schema, with its default.
  assert.equal(await page.getByTestId('input-amount').locator('input').inputValue(), '120');
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/#\/executions\/ex_/);
  const executionId = decodeURIComponent(page.url().split('/').pop());
  await waitForText(page.getByTestId('link-state'), /live/);
  await waitForAttribute(page.getByTestId('node-input'), 'data-status', 'completed');
  await waitForAttribute(page.getByTestId('node-approve'), 'data-status', 'waiting');
  assert.equal(await page.getByTestId('node-book').getAttribute('data-status'), 'pending');

  await page.reload();
  await waitForText(page.getByTestId('link-state'), /live/);
  await waitForAttribute(page.getByTestId('node-approve'), 'data-status', 'waiting');
  await page.screenshot({ path: path.join(shots, 'run-waiting.png') });

  // Live after the reload: the signal's effects arrive over the WebSocket, not a reload.
  await page.getByTestId('signal-approve').getByRole('button', { name: 'Send approval' }).click();
  await waitForAttribute(page.getByTestId('node-book'), 'data-status', 'completed');
  await waitForAttribute(page.getByTestId('node-done'), 'data-status', 'completed');
  await waitForText(page.getByTestId('run-status'), /completed/);
  await waitForText(page.getByTestId('logs'), /booked 120/);
  await waitForText(page.getByTestId('run-output'), /"approved": true/);
  const finished = await weft.api('GET', `/api/executions/${executionId}`);
  assert.equal(finished.status, 'completed');

  // The history lists it, filtered by workflow and status.
  await page.goto(`${weft.base}/#/executions?workflow_id=${wf.id}`);
  await page.getByTestId(`execution-${executionId}`).waitFor();
  await page.getByLabel('Status').selectOption('failed');
  await page.getByTestId(`execution-${executionId}`).waitFor({ state: 'detached' });
});

test('kill -9 of the server mid-run: the page reconnects by itself and shows what happened meanwhile', async () => {
  const wf = await weft.api('POST', '/api/workflows', { ...approval, name: 'Approval (crash)' });
  const run = await weft.api('POST', `/api/workflows/${wf.id}/execute`, { input: { amount: 7 } });
  await page.goto(`${weft.base}/#/executions/${run.execution_id}`);
  await waitForText(page.getByTestId('link-state'), /live/);
  await waitForAttribute(page.getByTestId('node-approve'), 'data-status', 'waiting');

  const before = problems.length;
  await weft.crashAndRestart();
  // The signal goes in while the page is still reconnecting; its effects reach the page from
  // the log (the resume after the last seq it saw), with no reload.
  await weft.api('POST', `/api/executions/${run.execution_id}/signals/approval`, { approved: true });
  await waitForAttribute(page.getByTestId('node-done'), 'data-status', 'completed', 30000);
  await waitForText(page.getByTestId('run-status'), /completed/);
  await waitForText(page.getByTestId('logs'), /booked 7/);
  // While the server was down, Chromium logs each refused reconnection attempt (how many
  // depends on how long the restart took): expected here, and here only.
  const refused = /WebSocket connection to .* net::ERR_CONNECTION_REFUSED/;
  problems.splice(before, problems.length - before, ...problems.slice(before).filter((p) => !refused.test(p)));
});

test('cancel from the run view', async () => {
  const wf = await weft.api('POST', '/api/workflows', { ...approval, name: 'Approval (cancel)' });
  const run = await weft.api('POST', `/api/workflows/${wf.id}/execute`, { input: {} });
  await page.goto(`${weft.base}/#/executions/${run.execution_id}`);
  await waitForAttribute(page.getByTestId('node-approve'), 'data-status', 'waiting');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await waitForText(page.getByTestId('run-status'), /cancelled/);
  await waitForAttribute(page.getByTestId('node-book'), 'data-status', 'skipped');
  assert.equal((await weft.api('GET', `/api/executions/${run.execution_id}`)).status, 'cancelled');
});

test('every state lights up: a call that fails once is retrying then completed, the branch not taken is skipped, a failure fails', async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Flaky call',
    steps: [
      { id: 'input', type: 'input', next: 'call' },
      { id: 'call', type: 'http', config: { url: `http://127.0.0.1:${outside.address().port}/flaky` },
        retry: { max_attempts: 3, initial_interval_ms: 1500, backoff_coefficient: 1 }, next: 'check' },
      { id: 'check', type: 'condition', config: { conditions: [{ condition: '$.call.status == 200', next: 'fine' }], default: 'broken' } },
      { id: 'fine', type: 'log', config: { message: 'answered on call {{ $.call.body.call }}' } },
      { id: 'broken', type: 'fail', config: { message: 'the service is down', code: 'service_down' } },
    ],
  });
  flakyCalls = 0;
  const run = await weft.api('POST', `/api/workflows/${wf.id}/execute`, { input: {} });
  await page.goto(`${weft.base}/#/executions/${run.execution_id}`);
  await waitForAttribute(page.getByTestId('node-call'), 'data-status', 'retrying');
  await waitForText(page.getByTestId('logs'), /attempt 1 failed/);
  await waitForAttribute(page.getByTestId('node-call'), 'data-status', 'completed');
  await waitForAttribute(page.getByTestId('node-broken'), 'data-status', 'skipped');
  await waitForAttribute(page.getByTestId('node-fine'), 'data-status', 'completed');
  await waitForText(page.getByTestId('run-status'), /completed/);
  await page.getByTestId('node-call').click();
  await waitForText(page.getByTestId('step-detail'), /Attempts\s*2/);
  await waitForText(page.getByTestId('step-output'), /"status": 200/);

  // The same workflow when the condition routes to the failure.
  const failing = await weft.api('POST', '/api/workflows', {
    name: 'Always fails', steps: [{ id: 'input', type: 'input', next: 'broken' }, { id: 'broken', type: 'fail', config: { message: 'the service is down', code: 'service_down' } }],
  });
  const failed = await weft.api('POST', `/api/workflows/${failing.id}/execute`, { input: {} });
  await page.goto(`${weft.base}/#/executions/${failed.execution_id}`);
  await waitForText(page.getByTestId('run-status'), /failed/);
  await waitForAttribute(page.getByTestId('node-broken'), 'data-status', 'failed');
  await waitForText(page.getByTestId('run-error'), /service_down: the service is down \(step broken\)/);
});

test("a failed run reads at once: what failed and what was skipped, the answer the service gave, the timeline", async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Broken call',
    steps: [
      { id: 'input', type: 'input', next: 'prepare' },
      { id: 'prepare', type: 'transform', config: { set: { n: 1 } }, next: 'call' },
      { id: 'call', type: 'http', config: { method: 'POST', url: `http://127.0.0.1:${outside.address().port}/broken`, headers: { Authorization: 'Bearer s3cret' }, body: { n: '{{ $.prepare.n }}' } }, next: 'after' },
      { id: 'after', type: 'log', config: { message: 'never' }, next: 'more' },
      { id: 'more', type: 'log', config: { message: 'never' }, next: 'out' },
      { id: 'out', type: 'output', config: { value: '$.call' } },
    ],
  });
  const run = await weft.api('POST', `/api/workflows/${wf.id}/execute?wait_ms=10000`, { input: {} });
  assert.equal(run.status, 'failed');
  await page.goto(`${weft.base}/#/executions/${run.execution_id}`);
  await waitForText(page.getByTestId('run-status'), /failed/);
  const progress = await waitForText(page.getByTestId('run-progress'), /failed/);
  assert.equal(progress, '2/6 steps completed · 1 failed · 3 skipped');
  await waitForText(page.getByTestId('timeline'), /in all/);
  await page.getByTestId('timeline-call').waitFor();
  await page.getByTestId('node-call').click();
  await waitForText(page.getByTestId('step-error-status'), /^500$/);
  await waitForText(page.getByTestId('step-error-body'), /"error": "boom"/);
  await waitForText(page.getByTestId('step-duration'), /ms|s$/);
  // The request as it was sent, credentials redacted, and copied as curl.
  const sent = await waitForText(page.getByTestId('step-error-request'), /POST http:\/\/127\.0\.0\.1:\d+\/broken/);
  assert.match(sent, /"Authorization": "\[redacted\]"/);
  assert.match(sent, /"n": 1/);
  assert.doesNotMatch(sent, /s3cret/);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'copy as curl' }).click();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(curl, /^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/broken' .*-H 'Authorization: <your Authorization>' .*--data-raw '\{"n":1\}'$/);
  // The path taken: strong up to the failure, faint after it.
  assert.equal(await page.locator('.react-flow__edge.edge-taken').count(), 2);
  assert.equal(await page.locator('.react-flow__edge.edge-not-taken').count(), 3);
  await page.getByLabel('Find a step', { exact: true }).fill('more');
  await waitForText(page.getByTestId('run-search-count'), /^1 match$/);
  await page.getByLabel('Find a step', { exact: true }).fill('');
  await page.screenshot({ path: path.join(shots, 'run-failed.png') });
  await page.getByTestId('node-call').click();  // unselect: the run's own panel with its timeline
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.getByTestId('timeline').screenshot({ path: path.join(shots, 'run-timeline.png') });
});

test('a loop: its items are child runs, listed under the parent and drawn as the loop body', async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Each item',
    steps: [
      { id: 'input', type: 'input', next: 'each' },
      { id: 'each', type: 'loop', config: { items: '$.input.names', body: 'greet' }, next: 'done' },
      { id: 'greet', type: 'log', config: { message: 'hello {{ $.item }}' }, next: 'each' },
      { id: 'done', type: 'output', config: { value: '$.each.count' } },
    ],
  });
  const run = await weft.api('POST', `/api/workflows/${wf.id}/execute?wait_ms=10000`, { input: { names: ['Ada', 'Grace'] } });
  assert.equal(run.status, 'completed');
  await page.goto(`${weft.base}/#/executions?workflow_id=${wf.id}`);
  const child = page.locator('tr', { hasText: `child of ${run.execution_id}` }).first();
  await child.waitFor();
  await child.click();
  await waitForText(page.getByTestId('run-status'), /completed/);
  await waitForAttribute(page.getByTestId('node-greet'), 'data-status', 'completed');
  assert.equal(await page.getByTestId('node-done').count(), 0, 'an item runs the body only');
  await waitForText(page.getByTestId('logs'), /hello (Ada|Grace)/);
  await page.getByTestId('parent-link').click();
  await waitForAttribute(page.getByTestId('node-each'), 'data-status', 'completed');
  await waitForText(page.getByTestId('run-output'), /^2$/);
});

test('versions: a change is a new version, the diff shows it on the graph, revert brings the old one back', async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Versioned',
    steps: [
      { id: 'input', type: 'input', next: 'out', position: { x: 0, y: 0 } },
      { id: 'out', type: 'output', config: { value: '$.input' }, position: { x: 300, y: 0 } },
    ],
  });
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await page.getByTestId('node-out').waitFor();
  await waitForText(page.getByTestId('validity'), /^valid$/);  // loaded, fitted and checked
  await page.getByTestId('palette-log').dragTo(page.getByTestId('workflow-canvas'), { targetPosition: { x: 300, y: 320 } });
  await page.getByTestId('param-message').locator('textarea').fill('a note');
  await page.getByTestId('problems-log').waitFor({ state: 'detached' });  // the node is its final size
  await connect('input', 'out', 'log');
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.keyboard.press('Control+s');
  await waitForText(page.getByRole('status'), /Saved as version 2/);

  await page.getByRole('button', { name: 'Versions' }).click();
  await page.getByTestId('version-1').getByRole('button').click();
  await waitForText(page.getByTestId('diff'), /1 added, 1 changed, 0 removed/);
  await page.getByTestId('diff').locator('.diff-added[data-testid="node-log"]').waitFor();
  await page.screenshot({ path: path.join(shots, 'versions-diff.png') });
  await page.getByRole('button', { name: 'Revert to v1' }).click();
  await waitForText(page.getByRole('status'), /Reverted: now version 3/);
  await page.getByTestId('node-log').waitFor({ state: 'detached' });
  const reverted = await weft.api('GET', `/api/workflows/${wf.id}`);
  assert.equal(reverted.version, 3);
  assert.deepEqual(reverted.definition.steps.map((s) => s.id), ['input', 'out']);

  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('button', { name: 'Publish version 3' }).click();
  await waitForText(page.getByRole('status'), /Published: version 3 is active/);
  const published = await weft.api('GET', `/api/workflows/${wf.id}`);
  assert.equal(published.status, 'active');
  assert.equal(published.version, 3, 'publishing version 3 wrote no version 4');
  assert.equal(published.active_version, 3);

  // Any two versions compared, value by value; an earlier one published from the list.
  await page.getByRole('button', { name: 'Versions' }).click();
  await page.getByTestId('version-2').getByRole('button').click();
  await page.getByLabel('Compare with').selectOption('1');
  await waitForText(page.getByTestId('diff'), /^v2 → v1: 0 added, 1 changed, 1 removed/);
  await page.getByTestId('version-1').getByRole('button').click();
  await page.getByLabel('Compare with').selectOption('2');
  await waitForText(page.getByTestId('diff'), /^v1 → v2: 1 added, 1 changed, 0 removed/);
  const row = page.getByTestId('diff-step-input');
  assert.equal(await row.textContent(), '~ inputnext"out"["out","log"]', 'input.next: "out" before, both after');
  assert.doesNotMatch(await page.getByTestId('versions-panel').textContent(), /replaced/, 'no internal words');
  await page.screenshot({ path: path.join(shots, 'versions-values.png') });
  await page.getByRole('button', { name: 'Publish v1' }).click();
  await waitForText(page.getByRole('status'), /Published: version 1 is active/);
  const earlier = await weft.api('GET', `/api/workflows/${wf.id}`);
  assert.deepEqual([earlier.version, earlier.active_version, earlier.status], [3, 1, 'draft']);
});

test('two editors: a save based on an old version is stopped, and the user chooses', async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Shared', steps: [{ id: 'input', type: 'input', next: 'out', position: { x: 0, y: 0 } }, { id: 'out', type: 'output', position: { x: 300, y: 0 } }],
  });
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await waitForText(page.getByTestId('validity'), /^valid$/);
  // Someone else saves version 2 meanwhile.
  await weft.api('PUT', `/api/workflows/${wf.id}`, { ...wf.definition, description: 'their change' });
  await page.getByLabel('Workflow name').fill('Shared (mine)');
  const before = problems.length;
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByTestId('save-conflict'), /Someone saved version 2 while you were editing version 1/);
  assert.deepEqual(problems.splice(before).map((p) => /status of 409/.test(p)), [true], 'the 409 Chromium logs');
  assert.equal((await weft.api('GET', `/api/workflows/${wf.id}`)).description, 'their change', 'nothing overwritten yet');
  await page.getByRole('button', { name: 'Save mine anyway' }).click();
  await waitForText(page.getByRole('status'), /Saved as version 3/);
  assert.equal((await weft.api('GET', `/api/workflows/${wf.id}`)).name, 'Shared (mine)');
  // The next save is based on version 3 and goes through.
  await page.getByLabel('Workflow name').fill('Shared (mine, again)');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('status'), /Saved as version 4/);

  // Delete asks first; then the workflow is gone and the list is shown.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
  const list = await weft.api('GET', '/api/workflows?name=Shared');
  assert.deepEqual(list.workflows, []);
});

const draftTest = () => ({
  name: 'Draft test',
  steps: [{ id: 'input', type: 'input', next: 'say', position: { x: 0, y: 0 } },
    { id: 'say', type: 'log', config: { message: 'saved text' }, position: { x: 300, y: 0 } }],
});

/// Opens the editor of `wf` and types `text` as the log step's message (unsaved).
async function editMessage(wf, text) {
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.getByTestId('node-say').click();
  await page.getByTestId('param-message').locator('textarea').fill(text);
}

test('a test run stays on the canvas with its results; the unsaved changes stay too, and make no version', async () => {
  const wf = await weft.api('POST', '/api/workflows', draftTest());
  await editMessage(wf, 'unsaved text');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Test unsaved changes' }).click();
  await waitForText(page.getByTestId('test-run-status'), /completed/);
  assert.match(page.url(), /#\/workflows\/wf_/, 'still in the editor');
  await waitForAttribute(page.getByTestId('node-say'), 'data-status', 'completed');
  await page.getByTestId('test-step-say').click();
  await waitForText(page.getByTestId('test-run-logs'), /unsaved text/);
  assert.equal(await page.getByTestId('param-message').locator('textarea').inputValue(), 'unsaved text', 'the change is still on the canvas');
  await page.screenshot({ path: path.join(shots, 'editor-test-run.png') });
  const after = await weft.api('GET', `/api/workflows/${wf.id}`);
  assert.equal(after.version, 1, 'no version was made');
  assert.equal(after.definition.steps[1].config.message, 'saved text');

  // Following the run's link asks first; coming back offers the unsaved changes again — and
  // restoring them holds even when the saved workflow arrives after the offer (a slow
  // server: it used to overwrite the restored changes, seen once in an ASan CI run).
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('test-run').getByRole('link').click();
  await waitForText(page.getByTestId('run-status'), /completed/);
  const workflowUrl = `${weft.base}/api/workflows/${wf.id}`;
  const slowWorkflow = async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  };
  await page.route(workflowUrl, slowWorkflow);
  await page.goBack();
  await page.getByTestId('draft-banner').getByRole('button', { name: 'Restore them' }).click();
  await page.unroute(workflowUrl, slowWorkflow);
  await page.getByTestId('node-say').click();
  assert.equal(await page.getByTestId('param-message').locator('textarea').inputValue(), 'unsaved text');

  // The history: the test run labelled as one, the filter in the URL, a new run appearing live.
  page.once('dialog', (d) => d.accept());
  await page.goto(`${weft.base}/#/executions?workflow_id=${wf.id}`);
  const testRow = page.locator('table.table tbody tr').first();
  await waitForText(testRow, /test run/);
  await page.getByLabel('Status').selectOption('completed');
  await page.waitForURL(new RegExp(`#/executions\\?workflow_id=${wf.id}&status=completed$`));
  const live = await weft.api('POST', `/api/workflows/${wf.id}/execute?wait_ms=5000`, { input: {} });
  await page.getByTestId(`execution-${live.execution_id}`).waitFor();
  await waitForText(page.getByTestId(`execution-${live.execution_id}`), /v1/);
  // A date range: runs of today are in it, a range that ends yesterday has none.
  const day = (offset) => { const d = new Date(); d.setDate(d.getDate() + offset); return d.toLocaleDateString('en-CA'); };
  await page.getByLabel('Created from').fill(day(0));
  await page.getByLabel('Created to').fill(day(0));
  await page.waitForURL(new RegExp(`&from=${day(0)}&to=${day(0)}$`));
  await page.getByTestId(`execution-${live.execution_id}`).waitFor();
  await page.getByLabel('Created from').fill(day(-3));
  await page.getByLabel('Created to').fill(day(-1));
  await page.getByTestId(`execution-${live.execution_id}`).waitFor({ state: 'detached' });
  await waitForText(page.locator('table.table tbody'), /No executions match/);

  await page.goto(`${weft.base}/#/workflows/new`);
  await page.getByTestId('palette-webhook').dragTo(page.getByTestId('workflow-canvas'), { targetPosition: { x: 200, y: 200 } });
  await page.getByTestId('param-path').locator('input').fill('orders/new');
  await waitForText(page.getByTestId('webhook-url'), new RegExp(`/api/hooks/dev/orders/new$`));
  page.once('dialog', (d) => d.accept());
  await page.goto(`${weft.base}/#/workflows`);
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
});

test('start run after a publish runs the version just saved, not the published one', async () => {
  const wf = await weft.api('POST', '/api/workflows', draftTest());
  await weft.api('POST', `/api/workflows/${wf.id}/publish`, {});
  await editMessage(wf, 'new text');
  const published = (await weft.api('GET', `/api/workflows/${wf.id}`)).active_version;
  await page.getByRole('button', { name: 'Run' }).click();
  await waitForText(page.getByTestId('run-version'), /Saves your changes as version \d+ and runs it/);
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/#\/executions\/ex_/);
  await waitForText(page.getByTestId('run-status'), /completed/);
  await waitForText(page.getByTestId('logs'), /new text/);
  const run = await weft.api('GET', `/api/executions/${decodeURIComponent(page.url().split('/').pop())}`);
  const saved = await weft.api('GET', `/api/workflows/${wf.id}`);
  assert.equal(run.workflow_version, saved.version, 'the version just saved ran');
  assert.notEqual(run.workflow_version, published);
});

test('leaving with unsaved changes asks first; a reload keeps them as a draft', async () => {
  const wf = await weft.api('POST', '/api/workflows', draftTest());
  await editMessage(wf, 'kept text');
  // A nav link: the user says stay, and nothing moved. The question comes from the page's
  // hashchange handler, after the click has returned: wait for it, do not race it.
  const question = page.waitForEvent('dialog');
  const clicked = page.getByRole('link', { name: 'Executions' }).click();
  const dialog = await question;
  assert.match(dialog.message(), /unsaved changes/);
  await dialog.dismiss();
  await clicked;
  await waitForText(page.getByTestId('param-message'), /Message/);
  assert.match(page.url(), new RegExp(`#/workflows/${wf.id}$`));
  assert.equal(await page.getByTestId('param-message').locator('textarea').inputValue(), 'kept text');
  // A reload: the browser asks; after it the draft is offered back.
  page.once('dialog', (d) => d.accept());
  await page.reload();
  await page.getByTestId('draft-banner').getByRole('button', { name: 'Restore them' }).click();
  await page.getByTestId('node-say').click();
  assert.equal(await page.getByTestId('param-message').locator('textarea').inputValue(), 'kept text');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('status').first(), /Saved as version 2/);
  assert.equal((await weft.api('GET', `/api/workflows/${wf.id}`)).definition.steps[1].config.message, 'kept text');
  await page.getByRole('link', { name: 'Executions' }).click();
  await page.getByRole('heading', { name: 'Executions' }).waitFor();  // saved: no question
});

test('undo and redo, delete with undo, copy, paste and duplicate of steps', async () => {
  const wf = await weft.api('POST', '/api/workflows', draftTest());
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.getByTestId('node-say').click();
  await page.keyboard.press('Delete');
  await page.getByTestId('node-say').waitFor({ state: 'detached' });
  await waitForText(page.getByTestId('toast'), /Deleted/);
  await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
  await page.getByTestId('node-say').waitFor();
  await page.getByTestId('rf__edge-e-input-say-out').waitFor({ state: 'attached' });
  await page.keyboard.press('Control+Shift+Z');
  await page.getByTestId('node-say').waitFor({ state: 'detached' });
  await page.keyboard.press('Control+Z');
  await page.getByTestId('node-say').waitFor();

  await page.getByTestId('node-say').click();
  await page.keyboard.press('Control+C');
  await page.getByTestId('workflow-canvas').locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+V');
  await page.getByTestId('node-say_2').waitFor();
  await page.keyboard.press('Control+D');
  await page.getByTestId('node-say_3').waitFor();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('status').first(), /Saved as version 2/);
  const saved = await weft.api('GET', `/api/workflows/${wf.id}`);
  assert.deepEqual(saved.definition.steps.map((s) => s.id), ['input', 'say', 'say_2', 'say_3']);
  assert.equal(saved.definition.steps[3].config.message, 'saved text');
});

test('a 250-step workflow opens, and search finds a step in it', async () => {
  const steps = Array.from({ length: 250 }, (_, i) => ({
    id: `t${i}`, type: 'transform', name: `Step ${i}`, config: { set: { n: `${i}` } }, ...(i < 249 ? { next: `t${i + 1}` } : {}),
  }));
  const wf = await weft.api('POST', '/api/workflows', { name: 'Large', steps });
  const started = Date.now();
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await page.locator('.react-flow__node').first().waitFor();
  await waitForText(page.getByTestId('validity'), /^valid$/, 30000);
  const opened = Date.now() - started;
  await page.getByLabel('Find a step', { exact: true }).fill('Step 217');
  await waitForText(page.getByTestId('search-count'), /^1 match$/);
  await page.getByLabel('Find a step', { exact: true }).press('Enter');
  await page.getByTestId('node-t217').waitFor();
  // Smoothness, measured not asserted: frame intervals while the user zooms out over the
  // whole graph and drags it around.
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const box = await page.getByTestId('workflow-canvas').boundingBox();
  const panStart = Date.now();
  for (let round = 0; round < 3; round++) {
    await page.mouse.move(box.x + 40, box.y + box.height - 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 300, box.y + 60, { steps: 30 });
    await page.mouse.up();
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, round % 2 ? -200 : 200);
  }
  const frames = (await page.evaluate(() => { window.__stop = true; return window.__frames; })).slice(1).sort((a, b) => a - b);
  const at = (q) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))].toFixed(1);
  console.log(`# 250 steps: opened and validated in ${opened} ms; panning and zooming for ${Date.now() - panStart} ms: ` +
    `${frames.length} frames, interval p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
  assert.ok(frames.length > 0);
  await page.screenshot({ path: path.join(shots, 'large-workflow.png') });
});

test('a 67-step workflow laid out in one long row is tidied up into a page that reads', async () => {
  // Positions as an old layout (or a script) left them: one row, 67 columns wide.
  const steps = Array.from({ length: 67 }, (_, i) => ({
    id: `s${i}`, type: 'transform', name: `Step ${i}`, config: { set: { n: `${i}` } }, position: { x: i * 260, y: 0 },
    ...(i < 66 ? { next: `s${i + 1}` } : {}),
  }));
  const wf = await weft.api('POST', '/api/workflows', { name: 'Sixty-seven', steps });
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await page.getByTestId('node-s66').waitFor();
  const spread = () => page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.react-flow__node')].map((n) => n.getBoundingClientRect());
    const w = Math.max(...boxes.map((b) => b.right)) - Math.min(...boxes.map((b) => b.left));
    const h = Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top));
    return { aspect: w / h, nodeWidth: boxes[0].width };
  });
  // The canvas has settled when its viewport has not moved for ten frames (fit-view animates).
  const settled = () => page.evaluate(() => new Promise((done) => {
    let last = '';
    let still = 0;
    const tick = () => {
      const t = document.querySelector('.react-flow__viewport').style.transform;
      still = t === last ? still + 1 : 0;
      last = t;
      if (still >= 10) done(); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
  await settled();
  const before = await spread();
  await page.getByRole('button', { name: 'Tidy up' }).click();
  await waitForAttribute(page.getByRole('button', { name: 'Save', exact: true }), 'disabled', null);
  await settled();
  const after = await spread();
  console.log(`# 67 steps: width/height ${before.aspect.toFixed(1)} before tidy-up, ${after.aspect.toFixed(1)} after; a step ${before.nodeWidth.toFixed(0)} px wide before, ${after.nodeWidth.toFixed(0)} px after`);
  assert.ok(before.aspect > 20, `the row it started as (${before.aspect})`);
  assert.ok(after.aspect < 4, `a page, not a line (${after.aspect})`);
  assert.ok(after.nodeWidth > before.nodeWidth * 3, 'steps big enough to read once it fits');
  await page.screenshot({ path: path.join(shots, 'large-workflow-tidy.png') });
  // Tidy up is an edit like any other: Undo takes it back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Fit View' }).click();
  await settled();
  assert.ok((await spread()).aspect > 20, 'undo puts the row back');
  await waitForAttribute(page.getByRole('button', { name: 'Save', exact: true }), 'disabled', '');  // back where it was saved: nothing to save
});

test('the workflow list searches by name; templates; the plan panel', async () => {
  await page.goto(`${weft.base}/#/workflows`);
  await page.getByLabel('Search workflows').fill('crash');
  await waitForText(page.locator('table.table tbody'), /^Approval \(crash\)/);
  assert.equal(await page.locator('table.table tbody tr').count(), 1);
  await page.goto(`${weft.base}/#/templates`);
  await page.getByTestId('template-api-report').waitFor();
  await page.getByTestId('usage-button').click();
  await waitForText(page.getByTestId('usage-panel'), /Workflows\d+ \(unlimited\)/);
  await page.getByTestId('template-api-report').getByRole('button', { name: /Use template/ }).click();
  await page.waitForURL(/#\/workflows\/wf_/);
  await page.locator('.react-flow__node').first().waitFor();
});

test('the first minutes: a blank canvas without errors, templates searched and previewed, their example ready to run', async () => {
  await page.goto(`${weft.base}/#/workflows/new`);
  await page.getByTestId('canvas-empty').waitFor();
  assert.equal(await page.getByTestId('validity').textContent(), 'empty');
  assert.equal(await page.getByTestId('general-problems').count(), 0, 'no red schema error on a blank canvas');

  await page.goto(`${weft.base}/#/templates`);
  await page.getByTestId('template-api-report').waitFor();
  const all = await page.locator('.card.template').count();
  await page.getByLabel('Search templates').fill('csv');
  await page.getByTestId('template-api-report').waitFor({ state: 'detached' });
  const csv = await page.locator('.card.template').count();
  assert.ok(csv > 0 && csv < all, `csv templates ${csv} of ${all}`);
  for (const text of await page.locator('.card.template').allTextContents()) assert.match(text.toLowerCase(), /csv/);
  await page.getByLabel('Search templates').fill('');
  await page.getByTestId('template-api-report').getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('template-preview');
  await preview.locator('.react-flow__node').first().waitFor();
  await waitForText(preview, /Example input/);
  assert.match(await preview.textContent(), /https:\/\/api\.example\.com\/items/);
  const words = (await page.locator('body').textContent()).match(/.{0,40}(seed 000|\{\{stub\}\}|docs\/).{0,40}/);
  assert.equal(words, null, `no internal words: ${words?.[0]}`);
  await page.screenshot({ path: path.join(shots, 'template-preview.png') });
  await preview.getByRole('button', { name: 'Use this template' }).click();
  await page.waitForURL(/#\/workflows\/wf_/);
  await page.locator('.react-flow__node').first().waitFor();
  // The run form starts from the template's example, pinned for this workflow.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForText(page.getByTestId('pin-input'), /Starts from the pinned input/);
  assert.match(await page.getByLabel('Start a run').locator('textarea').inputValue(), /"url": "https:\/\/api\.example\.com\/items"/);
  await page.getByLabel('Start a run').locator('textarea').fill('{"url": "http://127.0.0.1:9/items"}');
  await page.getByRole('button', { name: 'Pin this input instead' }).click();
  await page.reload();
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  assert.match(await page.getByLabel('Start a run').locator('textarea').inputValue(), /127\.0\.0\.1:9/, 'the pinned input outlives a reload');
});

test('a step renamed takes its links and the expressions that read it along', async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Rename me',
    steps: [
      { id: 'input', type: 'input', next: 'prepare', position: { x: 0, y: 0 } },
      { id: 'prepare', type: 'transform', config: { set: { n: '2' } }, next: 'say', position: { x: 260, y: 0 } },
      { id: 'say', type: 'log', config: { message: 'n={{ $.prepare.n }}' }, position: { x: 520, y: 0 } },
    ],
  });
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.getByTestId('node-prepare').click();
  await page.getByLabel('Step id').fill('say');
  await waitForText(page.getByTestId('step-id-problem'), /another step is called "say"/);
  await page.getByLabel('Step id').fill('compute');
  await page.getByLabel('Step id').press('Enter');
  await page.getByTestId('node-compute').waitFor();
  await page.getByTestId('node-say').click();
  assert.equal(await page.getByTestId('param-message').locator('textarea').inputValue(), 'n={{ $.compute.n }}');
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.keyboard.press('Control+s');
  await waitForText(page.getByRole('status'), /Saved as version 2/);
  const saved = await weft.api('GET', `/api/workflows/${wf.id}`);
  assert.deepEqual(saved.definition.steps.map((s) => [s.id, s.next ?? null]), [['input', 'compute'], ['compute', 'say'], ['say', null]]);
  const run = await weft.api('POST', `/api/workflows/${wf.id}/execute?wait_ms=10000`, { input: {} });
  assert.equal(run.status, 'completed');
  const logs = await weft.api('GET', `/api/executions/${run.execution_id}/logs`);
  assert.ok(logs.logs.some((l) => l.message === 'n=2'), JSON.stringify(logs.logs));
});

test('a condition is built from value, operator and value, with named routes that keep their links', async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Order routing',
    steps: [
      { id: 'input', type: 'input', next: 'check', position: { x: 0, y: 0 } },
      { id: 'check', type: 'condition', config: { conditions: [{ condition: '$.input.amount > 100', next: 'big' }], default: 'small' }, position: { x: 260, y: 0 } },
      { id: 'big', type: 'log', config: { message: 'big order' }, position: { x: 520, y: -80 } },
      { id: 'small', type: 'log', config: { message: 'small order' }, position: { x: 520, y: 80 } },
    ],
  });
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.getByTestId('node-check').click();
  assert.equal(await page.getByLabel('Route 1 operator').inputValue(), '>');
  await page.getByLabel('Route 1 name').fill('Big order');
  await page.getByLabel('Route 1 compared with').fill('500');
  await waitForText(page.getByTestId('handle-check-big_order'), /Big order/);
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('status'), /Saved as version 2/);
  const saved = (await weft.api('GET', `/api/workflows/${wf.id}`)).definition.steps.find((s) => s.id === 'check');
  assert.deepEqual(saved.config.conditions, [{ condition: '$.input.amount > 500', handle: 'big_order', label: 'Big order', next: 'big' }]);
  const run = await weft.api('POST', `/api/workflows/${wf.id}/execute?wait_ms=10000`, { input: { amount: 300 } });
  assert.deepEqual([run.steps.big?.status, run.steps.small?.status], ['skipped', 'completed']);
});

test('expressions complete from the steps and the last run, and preview what they read', async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Autocomplete',
    steps: [
      { id: 'input', type: 'input', next: 'lookup', position: { x: 0, y: 0 } },
      { id: 'lookup', type: 'transform', config: { set: { name: "'Acme'", size: '180' } }, next: 'say', position: { x: 260, y: 0 } },
      { id: 'say', type: 'log', config: { message: 'hello' }, position: { x: 520, y: 0 } },
    ],
  });
  await weft.api('POST', `/api/workflows/${wf.id}/execute?wait_ms=10000`, { input: { who: 'Ada' } });
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.getByTestId('node-say').click();
  await page.getByTestId('param-message').getByRole('button', { name: 'Expression' }).click();
  const field = page.getByTestId('param-message').locator('input');
  await field.fill('$.lo');
  await waitForText(page.getByTestId('expression-suggestions'), /^lookup/);
  await field.press('Tab');
  assert.equal(await field.inputValue(), '$.lookup');
  await field.press('.');
  await waitForText(page.getByTestId('expression-suggestions'), /name "Acme"/);
  await page.screenshot({ path: path.join(shots, 'expression-autocomplete.png') });
  await field.press('Enter');
  assert.equal(await field.inputValue(), '$.lookup.name');
  await waitForText(page.getByTestId('expression-preview'), /last run: "Acme"/);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('status'), /Saved as version 2/);
  const say = (await weft.api('GET', `/api/workflows/${wf.id}`)).definition.steps.find((s) => s.id === 'say');
  assert.equal(say.config.message, '{{ $.lookup.name }}');
});

test('at 1280 px the canvas keeps the room: the palette folds, the minimap hides; edges carry arrowheads', async () => {
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Narrow', steps: [{ id: 'input', type: 'input', next: 'out', position: { x: 0, y: 0 } }, { id: 'out', type: 'output', position: { x: 300, y: 0 } }],
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  try {
    await page.goto(`${weft.base}/#/workflows/${wf.id}`);
    await page.reload();  // the palette's folding is decided when the editor opens
    await page.getByTestId('node-out').waitFor();
    assert.equal(await page.getByTestId('palette-log').count(), 0, 'the palette starts folded');
    assert.equal(await page.locator('.react-flow__minimap').isVisible(), false, 'no minimap over a narrow canvas');
    const canvas = await page.getByTestId('workflow-canvas').boundingBox();
    assert.ok(canvas.width >= 0.6 * 1280, `the canvas is ${canvas.width} px of 1280`);
    assert.match(await page.locator('.react-flow__edge path').first().getAttribute('marker-end') ?? '', /url\(/, 'an arrowhead');
    await page.getByRole('button', { name: 'Add steps' }).click();
    await page.getByTestId('palette-log').waitFor();
    const last = await page.getByRole('button', { name: 'Delete', exact: true }).boundingBox();
    assert.ok(last.x + last.width <= 1280, `the toolbar fits: Delete ends at ${last.x + last.width}`);
    await page.screenshot({ path: path.join(shots, 'editor-1280.png') });
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});

test('keyboard: steps added without a mouse, a visible focus, a shortcut help', async () => {
  await page.goto(`${weft.base}/#/workflows/new`);
  await page.getByTestId('canvas-empty').waitFor();
  await page.getByLabel('Find a step type').fill('input');
  await page.getByLabel('Find a step type').press('Enter');
  await page.getByTestId('node-input').waitFor();
  await page.getByLabel('Find a step type').fill('');
  await page.getByTestId('palette-log').focus();
  assert.equal(await page.getByTestId('palette-log').getAttribute('tabindex'), '0');
  await page.keyboard.press('Enter');
  await page.getByTestId('node-log').waitFor();
  const node = page.locator('.react-flow__node').first();
  await node.focus();
  const outline = await node.evaluate((n) => (document.activeElement === n ? getComputedStyle(n).outlineStyle : 'not focused'));
  assert.notEqual(outline, 'none', 'a focused step shows it');
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await waitForText(page.getByTestId('shortcut-help'), /Ctrl\+Z/);
  await page.keyboard.press('Escape');
  await page.getByTestId('shortcut-help').waitFor({ state: 'detached' });
  // Nothing here is to be kept: leave without the unsaved-changes question.
  page.once('dialog', (d) => d.accept());
  await page.goto(`${weft.base}/#/workflows`);
  // The editor is gone before the next scenario navigates (under load a second navigation
  // could meet its leave guard while it was still mounted).
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
});

test('settings: a secret and a custom step type registered from the console, then used in a run', async () => {
  await page.goto(`${weft.base}/#/settings`);
  await page.getByLabel('Secret name').fill('scorer_token');
  await page.getByLabel('Secret value').fill('s3cret');
  await page.getByRole('button', { name: 'Save secret' }).click();
  await waitForText(page.getByTestId('secrets'), /scorer_token/);
  assert.doesNotMatch(await page.getByTestId('secrets').textContent(), /s3cret/, 'a value is never shown');

  await page.getByLabel('Component type').fill('lead_score');
  await page.getByLabel('Component name').fill('Lead Score');
  await page.getByLabel('Endpoint URL').fill(`http://127.0.0.1:${outside.address().port}/score`);
  await page.getByLabel('Auth secret').fill('scorer_token');
  await page.getByTestId('custom-components').locator('textarea').fill('{"type": "object", "properties": {"model": {"type": "string", "title": "Model"}}, "required": ["model"]}');
  await page.getByRole('button', { name: 'Register step type' }).click();
  await waitForText(page.getByTestId('custom-components'), /lead_score/);

  // The new type is in the palette at once, with a form from its schema.
  await page.getByRole('link', { name: 'Workflows' }).click();
  await page.getByRole('button', { name: 'New workflow' }).click();
  const canvas = page.getByTestId('workflow-canvas');
  await page.getByLabel('Workflow name').fill('Scored');
  await page.getByTestId('palette-input').dragTo(canvas, { targetPosition: { x: 120, y: 200 } });
  await page.getByTestId('palette-lead_score').dragTo(canvas, { targetPosition: { x: 420, y: 200 } });
  await waitForText(page.getByTestId('problems-lead_score'), /model/);
  await page.getByTestId('param-model').locator('input').fill('v2');
  await page.getByTestId('problems-lead_score').waitFor({ state: 'detached' });
  await connect('input', 'out', 'lead_score');
  await waitForText(page.getByTestId('validity'), /^valid$/);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByLabel('Start a run').locator('textarea').fill('{"name": "Grace"}');
  await page.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/#\/executions\/ex_/);
  await waitForText(page.getByTestId('run-status'), /completed/);
  await page.getByTestId('node-lead_score').click();
  await waitForText(page.getByTestId('step-output'), /"score": 50/);
  await waitForText(page.getByTestId('step-output'), /"authorization": "Bearer s3cret"/);
  await waitForText(page.getByTestId('step-output'), /"model": "v2"/);

  // The http step's credentials: the secret is picked from the tenant's, not typed.
  const wf = await weft.api('POST', '/api/workflows', {
    name: 'Authorized call',
    steps: [{ id: 'call', type: 'http', config: { url: `http://127.0.0.1:${outside.address().port}/whoami` }, position: { x: 0, y: 0 } }],
  });
  await page.goto(`${weft.base}/#/workflows/${wf.id}`);
  await page.getByTestId('node-call').click();
  await page.getByTestId('param-auth').locator('select').selectOption('bearer');
  const picker = page.getByTestId('param-auth_secret').locator('select');
  await waitForText(picker, /scorer_token/);
  await picker.selectOption('scorer_token');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForText(page.getByRole('status'), /Saved as version 2/);
  const run = await weft.api('POST', `/api/workflows/${wf.id}/execute?wait_ms=10000`, { input: {} });
  assert.equal(run.status, 'completed', JSON.stringify(run.error));
  assert.equal(run.steps.call.output.body.authorization, 'Bearer s3cret');
});

test('unknown ids and forged tokens get clear errors; a free tenant signs in with a token and sees its plan', async () => {
  // The 404s and the 401 Chromium logs here are the point of these steps.
  const before = problems.length;
  await page.goto(`${weft.base}/#/executions/ex_does_not_exist`);
  await waitForText(page.locator('.error'), /no execution|not found/i);
  await page.goto(`${weft.base}/#/workflows/wf_does_not_exist`);
  await waitForText(page.getByRole('status'), /no workflow|not found/i);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await waitForText(page.locator('.signin .hint'), /Dev mode/);  // the prefill has arrived
  await page.locator('input[name=tenant]').fill('acme');
  await page.locator('textarea[name=token]').fill('eyJhbGciOiJub25lIn0.eyJ0ZW5hbnRfaWQiOiJhY21lIn0.');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForText(page.getByRole('alert'), /.+/);
  assert.ok(problems.slice(before).every((p) => /status of (404|401)/.test(p)), problems.slice(before).join('\n'));
  problems.splice(before);
  await page.locator('textarea[name=token]').fill(weft.token('acme', 'ann'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
  await waitForText(page.getByTestId('usage-button'), /free plan/);

  // Free has basic steps only: advanced ones are locked in the palette, most templates too.
  await page.getByRole('button', { name: 'New workflow' }).click();
  await waitForAttribute(page.getByTestId('palette-loop'), 'aria-disabled', 'true');
  assert.equal(await page.getByTestId('palette-log').getAttribute('aria-disabled'), 'false');
  await page.goto(`${weft.base}/#/templates`);
  await waitForText(page.getByTestId('template-approval-with-deadline'), /Not in your plan/);
  // Settings are for tenant admins: ann is not one, and is told so.
  const beforeSettings = problems.length;
  await page.goto(`${weft.base}/#/settings`);
  await waitForText(page.getByTestId('secrets').getByRole('alert'), /admin/i);
  assert.ok(problems.splice(beforeSettings).every((p) => /status of 403/.test(p)), 'only the 403s Chromium logs');

  // Back as the dev tenant for whoever comes next.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await waitForText(page.locator('.signin .hint'), /Dev mode/);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
});

test('no page errors along the way', () => {
  // validate-step answers 422 for a step with errors, which Chromium logs; nothing else may appear.
  assert.deepEqual(problems.filter((p) => !/status of 422/.test(p)), []);
});
