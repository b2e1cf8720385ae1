// One execution, live: the graph of the version it runs with each step lit by its state, the
// selected step's input, output, duration and attempts, the logs, cancel and signals. It
// starts from the execution's snapshot and follows its events over the WebSocket, resuming
// after the last seq on every reconnect (and after a page reload, from the snapshot).
import { useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, type Edge, type NodeChange, type ReactFlowInstance } from '@xyflow/react';
import type { Api } from '../api/client';
import { followExecution, type LinkState } from '../api/live';
import { terminal, type Definition } from '../api/types';
import { edgeOptions, minimapColor, nodeTypes } from '../components/StepNodeView';
import { toCanvas, type StepNode } from '../graph/convert';
import { JsonField } from '../forms/ParameterForm';
import { Timeline } from '../run/Timeline';
import { stepMatches } from '../graph/search';
import { applyEvent, edgeTaken, formatDuration, initialRun, logsOf, progressText, stepDuration, stepInput, type RunState } from '../run/runState';
import { JsonView } from '../components/JsonView';
import { asCurl, type SentRequest } from '../run/curl';


export function RunView({ api, executionId }: { api: Api; executionId: string }) {
  const [run, setRun] = useState<RunState | null>(null);
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [link, setLink] = useState<LinkState>('connecting');
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [signalPayload, setSignalPayload] = useState<unknown>({ approved: true });
  // Node sizes as React Flow measures them (the minimap and fitView need them).
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const onNodesChange = (changes: NodeChange[]) => {
    const sizes = changes.flatMap((c) => (c.type === 'dimensions' && c.dimensions ? [[c.id, c.dimensions] as const] : []));
    if (sizes.length) setMeasured((m) => ({ ...m, ...Object.fromEntries(sizes) }));
  };

  useEffect(() => {
    let follow: { close(): void } | null = null;
    let alive = true;
    (async () => {
      try {
        // The snapshot first, then the log lines up to its last seq: the WebSocket replays
        // everything after it, so each line is shown once whatever happens in between.
        const [execution, ran] = await Promise.all([api.execution(executionId), api.executionDefinition(executionId)]);
        const logs = (await api.logs(executionId)).logs.filter((l) => l.seq <= execution.last_seq);
        const definition = ran ?? (await api.version(execution.workflow_id, execution.workflow_version)).definition;
        if (!alive) return;
        setDefinition(definition);
        setRun(initialRun(execution, logs));
        if (terminal(execution.status)) return setLink('closed');
        follow = followExecution(api.session, execution.workflow_id, executionId, execution.last_seq,
          (e) => setRun((r) => (r ? applyEvent(r, e) : r)), setLink);
      } catch (e) {
        setError((e as Error).message);
      }
    })();
    return () => { alive = false; follow?.close(); };
  }, [api, executionId]);

  const finished = run ? terminal(run.execution.status) : false;
  // A running or waiting step's duration counts up, once a second.
  const [now, setNow] = useState(Date.now());
  const selectedOpen = !finished && !!run;
  useEffect(() => {
    if (!selectedOpen) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [selectedOpen]);
  useEffect(() => { if (finished) setLink('closed'); }, [finished]);

  // The graph is laid out once; on each event only the nodes whose state changed are new
  // objects, so a 250-step run re-renders one node per event, not 250.
  const layoutOf = useMemo(() => (definition ? toCanvas(definition) : null), [definition]);
  const shownNodes = useRef(new Map<string, StepNode>());
  const canvas = useMemo(() => {
    if (!layoutOf || !run) return null;
    return {
      nodes: layoutOf.nodes.map((n) => {
        const status = run.steps[n.id]?.status ?? (finished ? 'skipped' : 'pending');
        const isSelected = n.id === selected;
        const prev = shownNodes.current.get(n.id);
        if (prev && prev.data.status === status && prev.selected === isSelected && prev.measured === measured[n.id]) return prev;
        const node: StepNode = { ...n, draggable: false, selected: isSelected, measured: measured[n.id], data: { ...n.data, status } };
        shownNodes.current.set(n.id, node);
        return node;
      }),
      // The path the run took is drawn strong, the branches it did not take faint.
      edges: layoutOf.edges.map((e): Edge => {
        const taken = edgeTaken(run, e.source, e.target, finished);
        return { ...e, className: taken ? `edge-${taken}` : undefined, animated: run.steps[e.source]?.status === 'completed' && run.steps[e.target]?.status === 'running' };
      }),
    };
  }, [layoutOf, run, selected, finished, measured]);
  const [search, setSearch] = useState('');
  const matches = useMemo(() => stepMatches(definition?.steps ?? [], search), [definition, search]);
  const flow = useRef<ReactFlowInstance<StepNode> | null>(null);
  const shownCanvas = useMemo(() => (canvas && matches.size
    ? { ...canvas, nodes: canvas.nodes.map((n) => (matches.has(n.id) ? { ...n, data: { ...n.data, highlight: 'match' as const } } : n)) } : canvas), [canvas, matches]);

  if (error) return <div className="error">{error}</div>;
  if (!run || !definition || !canvas) return <div className="loading">Loading…</div>;
  const x = run.execution;
  const waiting = definition.steps.filter((s) => s.type === 'wait_for_signal' && run.steps[s.id]?.status === 'waiting');
  const step = selected ? run.steps[selected] : undefined;
  const stepDef = definition.steps.find((s) => s.id === selected);
  const shownLogs = logsOf(run, selected);

  return (
    <div className="run">
      <div className="editor-toolbar">
        <h2 className="mono">{x.execution_id}</h2>
        <span className={`pill ${x.status}`} data-testid="run-status">{x.status}</span>
        <div className={`progress ${x.progress.failed_nodes ? 'has-failed' : ''}`} title={`${x.progress.percentage}% settled`}>
          <div style={{ width: `${x.progress.total_nodes ? (100 * x.progress.completed_nodes) / x.progress.total_nodes : 0}%` }} />
        </div>
        <span className="hint" data-testid="run-progress">{progressText(x.progress)}</span>
        {x.current_step && !finished ? <span className="hint">at <b>{x.current_step}</b></span> : null}
        {x.status === 'pending' && x.queue_position ? <span className="hint" data-testid="queue-position">queued, position {x.queue_position}</span> : null}
        <input type="search" className="search" placeholder="Find a step" aria-label="Find a step" value={search} onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && matches.size) flow.current?.fitView({ nodes: [...matches].map((id) => ({ id })), padding: 0.5, maxZoom: 1.5, duration: 300 }); }} />
        {search.trim() ? <span className="hint" data-testid="run-search-count">{matches.size} match{matches.size === 1 ? '' : 'es'}</span> : null}
        <span className={`link-state ${link}`} data-testid="link-state">{link === 'live' ? '● live' : link === 'closed' ? 'finished' : link}</span>
        <span className="spacer" />
        {x.parent_execution_id ? <a href={`#/executions/${x.parent_execution_id}`} data-testid="parent-link">part of {x.parent_execution_id}</a> : null}
        <a href={`#/workflows/${x.workflow_id}`}>{definition.name} v{x.workflow_version}</a>
        {!finished ? <button className="danger" onClick={() => api.cancel(x.execution_id).catch((e) => setError(e.message))}>Cancel</button> : null}
      </div>
      <div className="editor-main">
        <div className="canvas run-canvas" data-testid="run-canvas">
          <ReactFlowProvider>
            <ReactFlow nodes={shownCanvas!.nodes} edges={shownCanvas!.edges} onInit={(rf) => { flow.current = rf; }} nodeTypes={nodeTypes} onNodesChange={onNodesChange} fitView fitViewOptions={{ maxZoom: 1 }} nodesConnectable={false} defaultEdgeOptions={edgeOptions}
              onNodeClick={(_, n) => setSelected(n.id)} onPaneClick={() => setSelected(null)} minZoom={0.05}
              onlyRenderVisibleElements={canvas.nodes.length > 100} proOptions={{ hideAttribution: true }}>
              <Background />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable nodeColor={minimapColor} className="minimap" />
            </ReactFlow>
          </ReactFlowProvider>
        </div>
        <aside className="inspector run-side">
          {waiting.map((s) => {
            const name = String((s.config as Record<string, unknown>)?.name ?? '');
            return (
              <div key={s.id} className="card signal" data-testid={`signal-${s.id}`}>
                <b>{s.name ?? s.id}</b> waits for the signal <span className="mono">{name}</span>
                <JsonField value={signalPayload} onChange={setSignalPayload} rows={3} />
                <button className="primary" onClick={() => api.signal(x.execution_id, name, signalPayload ?? {}).catch((e) => setError(e.message))}>Send {name}</button>
              </div>
            );
          })}
          {selected && stepDef ? (
            <div className="step-detail" data-testid="step-detail">
              <h3>{stepDef.name ?? stepDef.id} <span className={`pill ${step?.status ?? 'pending'}`}>{step?.status ?? 'pending'}</span></h3>
              <dl>
                <dt>Attempts</dt><dd>{step?.attempts ?? 0}</dd>
                <dt>Duration</dt><dd data-testid="step-duration">{formatDuration(stepDuration(step, now))}</dd>
                {step?.next_retry_at ? <><dt>Next retry</dt><dd>{new Date(step.next_retry_at).toLocaleTimeString()}</dd></> : null}
              </dl>
              <h4>Input</h4>{stepInput(definition, run, stepDef.id) !== undefined ? <JsonView value={stepInput(definition, run, stepDef.id)} /> : <pre>—</pre>}
              <h4>Output</h4>{step?.output !== undefined ? <JsonView value={step.output} testId="step-output" /> : <pre data-testid="step-output">—</pre>}
              {step?.error ? <ErrorDetails error={step.error} /> : null}
            </div>
          ) : (
            <div>
              <h3>Run</h3>
              <h4>Input</h4><JsonView value={x.input ?? null} />
              <h4>Output</h4>{x.output !== undefined && x.output !== null ? <JsonView value={x.output} testId="run-output" /> : <pre data-testid="run-output">—</pre>}
              {x.error ? <><h4>Error</h4><pre className="error" data-testid="run-error">{x.error.code}: {x.error.message}{x.error.step_id ? ` (step ${x.error.step_id})` : ''}</pre></> : null}
              <Timeline run={run} definition={definition} now={now} selected={selected} onSelect={setSelected} />
              <p className="hint">Click a step for its input, output and attempts.</p>
            </div>
          )}
          <h4>{selected ? `Logs of ${stepDef?.name ?? selected}` : 'Logs'}</h4>
          <div className="logs" data-testid="logs">
            {shownLogs.length === 0 ? <div className="hint">No log lines yet.</div> : shownLogs.map((l) => (
              <div key={l.seq} className={`log ${l.level}`}><span className="hint">{new Date(l.timestamp).toLocaleTimeString()}</span> {l.step_id ? <b>{l.step_id}</b> : null} {l.message}</div>
            ))}
          </div>
        </aside>
      </div>
    </div>
  );
}

/// A step's error in full: code and message, then what the outside world answered (an HTTP
/// status and body, the request's method and URL) when the error says, and a copy as JSON.
function ErrorDetails({ error }: { error: { code: string; message: string; details?: Record<string, unknown> } }) {
  const d = error.details ?? {};
  const request = d.request as SentRequest | undefined;
  return (
    <div data-testid="step-error">
      <h4>Error <button className="link" onClick={() => navigator.clipboard?.writeText(JSON.stringify(error, null, 2))}>copy as JSON</button></h4>
      <pre className="error">{error.code}: {error.message}</pre>
      {Object.keys(d).length ? (
        <dl className="error-details">
          {d.status !== undefined ? <><dt>Status</dt><dd data-testid="step-error-status">{String(d.status)}</dd></> : null}
          {d.body !== undefined ? <><dt>Response body</dt><dd><JsonView value={d.body} testId="step-error-body" /></dd></> : null}
          {request ? (
            <>
              <dt>Request sent <button className="link" onClick={() => navigator.clipboard?.writeText(asCurl(request))}>copy as curl</button></dt>
              <dd data-testid="step-error-request">
                <div className="mono">{request.method} {request.url}</div>
                <JsonView value={{ headers: request.headers ?? {}, ...(request.body !== undefined ? { body: request.body } : {}) }} searchable={false} />
              </dd>
            </>
          ) : null}
          {Object.entries(d).filter(([k]) => !['status', 'body', 'request'].includes(k)).map(([k, v]) => (
            <span key={k}><dt>{k}</dt><dd className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</dd></span>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
