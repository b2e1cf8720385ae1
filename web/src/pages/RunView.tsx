// One execution, live: the graph of the version it runs with each step lit by its state, the
// selected step's input, output, duration and attempts, the logs, cancel and signals. It
// starts from the execution's snapshot and follows its events over the WebSocket, resuming
// after the last seq on every reconnect (and after a page reload, from the snapshot).
import { useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, type NodeChange } from '@xyflow/react';
import type { Api } from '../api/client';
import { followExecution, type LinkState } from '../api/live';
import { terminal, type Definition } from '../api/types';
import { minimapColor, nodeTypes } from '../components/StepNodeView';
import { linksOf, toCanvas, type StepNode } from '../graph/convert';
import { JsonField } from '../forms/ParameterForm';
import { applyEvent, formatDuration, initialRun, logsOf, progressText, stepDuration, type RunState } from '../run/runState';

/// What a step received: the execution input for an entry step, its one predecessor's output,
/// or its predecessors' outputs by id (as the debug trace shows it, docs/api.md).
export function stepInput(def: Definition, run: RunState, stepId: string): unknown {
  const from = [...new Set(linksOf(def).filter((l) => l.to === stepId).map((l) => l.from))];
  if (from.length === 0) return run.execution.input;
  if (from.length === 1) return run.steps[from[0]]?.output;
  return Object.fromEntries(from.map((id) => [id, run.steps[id]?.output]));
}

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
  const selectedOpen = !!selected && ['running', 'waiting', 'scheduled', 'retrying'].includes(run?.steps[selected]?.status ?? '');
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
      edges: layoutOf.edges.map((e) => ({ ...e, animated: run.steps[e.source]?.status === 'completed' && run.steps[e.target]?.status === 'running' })),
    };
  }, [layoutOf, run, selected, finished, measured]);

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
        <span className={`link-state ${link}`} data-testid="link-state">{link === 'live' ? '● live' : link === 'closed' ? 'finished' : link}</span>
        <span className="spacer" />
        {x.parent_execution_id ? <a href={`#/executions/${x.parent_execution_id}`} data-testid="parent-link">part of {x.parent_execution_id}</a> : null}
        <a href={`#/workflows/${x.workflow_id}`}>{definition.name} v{x.workflow_version}</a>
        {!finished ? <button className="danger" onClick={() => api.cancel(x.execution_id).catch((e) => setError(e.message))}>Cancel</button> : null}
      </div>
      <div className="editor-main">
        <div className="canvas run-canvas" data-testid="run-canvas">
          <ReactFlowProvider>
            <ReactFlow nodes={canvas.nodes} edges={canvas.edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange} fitView fitViewOptions={{ maxZoom: 1 }} nodesConnectable={false}
              onNodeClick={(_, n) => setSelected(n.id)} onPaneClick={() => setSelected(null)} minZoom={0.05}
              onlyRenderVisibleElements={canvas.nodes.length > 100} proOptions={{ hideAttribution: true }}>
              <Background />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable nodeColor={minimapColor} />
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
              <h4>Input</h4><pre>{JSON.stringify(stepInput(definition, run, stepDef.id), null, 2) ?? '—'}</pre>
              <h4>Output</h4><pre data-testid="step-output">{step?.output !== undefined ? JSON.stringify(step.output, null, 2) : '—'}</pre>
              {step?.error ? <><h4>Error</h4><pre className="error">{step.error.code}: {step.error.message}</pre></> : null}
            </div>
          ) : (
            <div>
              <h3>Run</h3>
              <h4>Input</h4><pre>{JSON.stringify(x.input, null, 2)}</pre>
              <h4>Output</h4><pre data-testid="run-output">{x.output !== undefined && x.output !== null ? JSON.stringify(x.output, null, 2) : '—'}</pre>
              {x.error ? <><h4>Error</h4><pre className="error" data-testid="run-error">{x.error.code}: {x.error.message}{x.error.step_id ? ` (step ${x.error.step_id})` : ''}</pre></> : null}
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
