// The workflow editor: palette -> canvas -> inspector, with live validation, save (a new
// version), publish, versions with a visual diff and revert, search, and starting a run.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, addEdge, applyEdgeChanges, applyNodeChanges,
  useReactFlow, type Connection, type Edge, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import { ApiError, problemsOf, type Api } from '../api/client';
import type { Problem, Step, Workflow, WorkflowMeta } from '../api/types';
import { useCatalog } from '../components/catalog';
import { minimapColor, nodeTypes } from '../components/StepNodeView';
import { edgeId, freshId, toCanvas, toDefinition, type StepNode } from '../graph/convert';
import { InputForm } from '../forms/InputForm';
import { go } from '../route';
import { Inspector } from './Inspector';
import { Palette, dragType } from './Palette';
import { VersionsPanel } from './VersionsPanel';
import { useValidation } from './useValidation';

type Meta = WorkflowMeta;

export function Editor(props: { api: Api; workflowId?: string }) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

/// A new step of `type`: a condition starts with one route so it has a handle to connect.
function newStep(type: string, id: string, name: string): Step {
  if (type === 'condition') return { id, type, name, config: { conditions: [{ condition: 'true', handle: 'case_0', label: 'yes' }] } };
  return { id, type, name, config: {} };
}

function EditorBody({ api, workflowId }: { api: Api; workflowId?: string }) {
  const catalog = useCatalog();
  const flow = useReactFlow();
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [meta, setMeta] = useState<Meta>({ name: 'Untitled workflow' });
  const [nodes, setNodes] = useState<StepNode[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saveProblems, setSaveProblems] = useState<Problem[]>([]);
  const [conflict, setConflict] = useState<number | null>(null);  // the version someone else saved
  const [panel, setPanel] = useState<'none' | 'versions' | 'run' | 'publish'>('none');
  const [notes, setNotes] = useState('');
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);

  // useReactFlow() gives a new object once the canvas is initialised: reach it through a ref,
  // so that loading does not run again (a second load would reset the user's first edits).
  const flowRef = useRef(flow);
  flowRef.current = flow;
  const load = useCallback((w: Workflow) => {
    const { steps: _s, edges: _e, ...rest } = w.definition;
    const canvas = toCanvas(w.definition);
    setWorkflow(w);
    setMeta(rest);
    setNodes(canvas.nodes);
    setEdges(canvas.edges);
    setDirty(false);
    setConflict(null);
    setTimeout(() => flowRef.current.fitView({ padding: 0.2, maxZoom: 1 }), 0);
  }, []);

  useEffect(() => {
    if (!workflowId) return;
    let alive = true;
    api.getWorkflow(workflowId).then((w) => alive && load(w)).catch((e) => alive && setMessage({ kind: 'error', text: e.message }));
    return () => { alive = false; };
  }, [api, workflowId, load]);

  const definition = useMemo(() => toDefinition(meta, nodes, edges), [meta, nodes, edges]);
  const problems = useValidation(api, definition, workflowId !== undefined);
  const problemCount = Object.values(problems.byStep).reduce((n, p) => n + p.length, 0) + problems.general.length;

  // What the canvas shows: the nodes with their problems and search matches.
  const term = search.trim().toLowerCase();
  const matches = useMemo(() => new Set(term ? nodes.filter((n) => {
    const s = n.data.step;
    return s.id.toLowerCase().includes(term) || (s.name ?? '').toLowerCase().includes(term) || s.type.toLowerCase().includes(term);
  }).map((n) => n.id) : []), [nodes, term]);
  const shown = useMemo(() => nodes.map((n) => {
    const p = problems.byStep[n.id];
    const match = matches.has(n.id);
    if (!p && !match && !n.data.problems && !n.data.highlight) return n;
    return { ...n, data: { ...n.data, problems: p, highlight: match ? ('match' as const) : undefined } };
  }), [nodes, problems.byStep, matches]);

  const change = () => { setDirty(true); setMessage(null); };
  const onNodesChange = useCallback((changes: NodeChange<StepNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    if (changes.some((c) => c.type !== 'select' && c.type !== 'dimensions')) change();
    for (const c of changes) if (c.type === 'select' && c.selected) setSelected(c.id);
    for (const c of changes) if (c.type === 'remove') setSelected((s) => (s === c.id ? null : s));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((es) => applyEdgeChanges(changes, es));
    if (changes.some((c) => c.type !== 'select')) change();
  }, []);
  const onConnect = useCallback((c: Connection) => {
    if (c.source === c.target) return;
    const handle = c.sourceHandle ?? 'out';
    setEdges((es) => addEdge({ ...c, id: edgeId(c.source, c.target, handle), sourceHandle: handle }, es));
    change();
  }, []);

  const addStep = (type: string, position = { x: 80 + nodes.length * 20, y: 80 + nodes.length * 20 }) => {
    const component = catalog.get(type);
    const id = freshId(type, nodes.map((n) => n.id));
    const node: StepNode = { id, type: 'step', position, data: { step: newStep(type, id, component?.name ?? type) }, selected: true };
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), node]);
    setSelected(id);
    change();
  };
  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const type = e.dataTransfer.getData(dragType);
    if (!type) return;
    addStep(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const selectedNode = nodes.find((n) => n.id === selected) ?? null;
  const updateStep = (s: Step) => {
    setNodes((ns) => ns.map((n) => (n.id === s.id ? { ...n, data: { ...n.data, step: s } } : n)));
    change();
  };
  const deleteSelected = () => {
    if (!selected) return;
    setNodes((ns) => ns.filter((n) => n.id !== selected));
    setEdges((es) => es.filter((e) => e.source !== selected && e.target !== selected));
    setSelected(null);
    change();
  };

  /// Saves a new version of what is on the canvas; `overwrite` skips the check that nobody
  /// saved another version since this one was loaded.
  async function save(overwrite = false): Promise<Workflow | null> {
    setBusy(true);
    setSaveProblems([]);
    setConflict(null);
    try {
      const w = workflow ? await api.saveWorkflow(workflow.id, definition, overwrite ? undefined : workflow.version) : await api.createWorkflow(definition);
      setWorkflow(w);
      setDirty(false);
      setMessage({ kind: 'ok', text: `Saved as version ${w.version}` });
      if (!workflow) go(`/workflows/${w.id}`);
      return w;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid_workflow_definition') setSaveProblems(problemsOf(e));
      if (e instanceof ApiError && e.code === 'conflict') setConflict(Number(e.details.current_version));
      setMessage({ kind: 'error', text: (e as Error).message });
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    if (!workflow) return;
    try {
      const w = dirty ? await save() : workflow;
      if (!w) return;
      const p = await api.publish(w.id, notes);
      setWorkflow(p);
      setPanel('none');
      setNotes('');
      setMessage({ kind: 'ok', text: `Published: version ${p.active_version} is active` });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  }

  async function run(input: unknown) {
    setBusy(true);
    try {
      const w = dirty || !workflow ? await save() : workflow;
      if (!w) return;
      const r = await api.execute(w.id, input);
      go(`/executions/${r.execution_id}`);
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!workflow || !window.confirm(`Delete "${workflow.name}" and all its versions? Its executions stay in the history.`)) return;
    try {
      await api.deleteWorkflow(workflow.id);
      go('/workflows');
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  }

  // Ctrl+S / Cmd+S saves, as in every editor.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A test run of what is on the canvas, without saving a version (saved workflows only: the
  // run is filed under the workflow).
  async function testRun(input: unknown) {
    if (!workflow) return;
    setBusy(true);
    try {
      const r = await api.testRun(workflow.id, definition, input);
      go(`/executions/${r.execution_id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid_workflow_definition') setSaveProblems(problemsOf(e));
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  const focusMatches = () => {
    if (matches.size) flow.fitView({ nodes: [...matches].map((id) => ({ id })), padding: 0.5, maxZoom: 1.5, duration: 300 });
  };

  return (
    <div className="editor">
      <div className="editor-toolbar">
        <input className="title-input" value={meta.name} aria-label="Workflow name" onChange={(e) => { setMeta({ ...meta, name: e.target.value }); change(); }} />
        {workflow ? <span className={`pill ${workflow.status}`}>{workflow.status} · v{workflow.version}{workflow.active_version ? ` (v${workflow.active_version} live)` : ''}</span> : <span className="pill">new</span>}
        <span className={`validity ${problems.checked ? (problemCount ? 'bad' : 'good') : ''}`} data-testid="validity">
          {!problems.checked ? 'checking…' : problemCount ? `${problemCount} problem(s)` : 'valid'}
        </span>
        <input type="search" className="search" placeholder="Find a step" value={search} aria-label="Find a step"
          onChange={(e) => setSearch(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && focusMatches()} />
        {term ? <span className="hint" data-testid="search-count">{matches.size} match{matches.size === 1 ? '' : 'es'}</span> : null}
        <span className="spacer" />
        {message ? <span className={message.kind === 'ok' ? 'ok' : 'error'} role="status">{message.text}</span> : null}
        <button className="primary" onClick={() => save()} disabled={busy || (!dirty && !!workflow)}>Save</button>
        <button onClick={() => setPanel(panel === 'publish' ? 'none' : 'publish')} disabled={!workflow}>Publish</button>
        <button onClick={() => setPanel(panel === 'versions' ? 'none' : 'versions')} disabled={!workflow}>Versions</button>
        <button onClick={() => setPanel(panel === 'run' ? 'none' : 'run')} disabled={busy || nodes.length === 0}>Run</button>
        {workflow ? <a href={`#/executions?workflow_id=${workflow.id}`}>History</a> : null}
        {workflow ? <button className="danger" onClick={remove}>Delete</button> : null}
      </div>
      {conflict ? (
        <div className="problems banner" data-testid="save-conflict">
          Someone saved version {conflict} while you were editing version {workflow?.version}.{' '}
          <button onClick={() => save(true)}>Save mine anyway</button>{' '}
          <button onClick={() => workflowId && api.getWorkflow(workflowId).then(load)}>Discard mine and load version {conflict}</button>
        </div>
      ) : null}
      {saveProblems.length ? (
        <div className="problems banner" data-testid="save-problems">
          {saveProblems.map((p, i) => <div key={i}>{p.message} <span className="mono hint">{p.pointer}</span></div>)}
        </div>
      ) : null}
      <div className="editor-main">
        <Palette onAdd={(t) => addStep(t)} />
        <div className="canvas" data-testid="workflow-canvas" onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop}>
          <ReactFlow nodes={shown} edges={edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange}
            onConnect={onConnect} onPaneClick={() => setSelected(null)} deleteKeyCode={['Backspace', 'Delete']}
            minZoom={0.05} onlyRenderVisibleElements={nodes.length > 100} proOptions={{ hideAttribution: true }}>
            <Background />
            <Controls />
            <MiniMap pannable zoomable nodeColor={minimapColor} />
          </ReactFlow>
        </div>
        {panel === 'versions' && workflow ? (
          <VersionsPanel api={api} workflow={workflow} onClose={() => setPanel('none')}
            onReverted={(w) => { load(w); setMessage({ kind: 'ok', text: `Reverted: now version ${w.version}` }); setPanel('none'); }} />
        ) : panel === 'run' ? (
          <aside className="inspector" aria-label="Start a run">
            <h3>Start a run</h3>
            {dirty ? <p className="hint">Unsaved changes are saved first.</p> : null}
            {workflow?.active_version && workflow.active_version !== workflow.version ? <p className="hint">Runs use the published version v{workflow.active_version}.</p> : null}
            <InputForm schema={meta.input_schema} onSubmit={run} busy={busy} />
            {workflow && dirty ? (
              <>
                <h3>Or test what is on the canvas</h3>
                <p className="hint">A test run of the unsaved changes: no new version; the run is listed under this workflow.</p>
                <InputForm schema={meta.input_schema} onSubmit={testRun} busy={busy} submitLabel="Test unsaved changes" />
              </>
            ) : null}
          </aside>
        ) : panel === 'publish' ? (
          <aside className="inspector" aria-label="Publish">
            <h3>Publish</h3>
            <p className="hint">Makes the latest version the one that runs.</p>
            <label className="field"><span className="field-label">Notes</span><textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} /></label>
            <button className="primary" onClick={publish}>Publish version {workflow?.version}</button>
          </aside>
        ) : (
          <Inspector tenant={api.session.tenant} step={selectedNode?.data.step ?? null} problems={selected ? problems.byStep[selected] ?? [] : []}
            onStep={updateStep} onDelete={deleteSelected} meta={meta} onMeta={(m) => { setMeta(m); change(); }} general={problems.general} />
        )}
      </div>
    </div>
  );
}
