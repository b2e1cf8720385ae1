// The workflow editor: palette -> canvas -> inspector, with live validation, save (a new
// version), publish, versions with a visual diff and revert, search, and starting a run.
// Work is never lost: undo/redo, a draft kept in the browser, a guard on leaving; a test
// run stays on the canvas with its results underneath.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, addEdge, applyEdgeChanges, applyNodeChanges,
  useReactFlow, type Connection, type Edge, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import { ApiError, problemsOf, type Api } from '../api/client';
import type { Definition, Execution, Problem, Step, Workflow, WorkflowMeta } from '../api/types';
import { useCatalog } from '../components/catalog';
import { edgeOptions, minimapColor, nodeTypes } from '../components/StepNodeView';
import { edgeId, edgesAfterStepChange, freshId, linksOf, toCanvas, toDefinition, type StepNode } from '../graph/convert';
import { layout } from '../graph/layout';
import { stepMatches } from '../graph/search';
import { renameStep } from '../graph/rename';
import { InputForm } from '../forms/InputForm';
import { go, guardLeaving } from '../route';
import { useRun } from '../run/useRun';
import { loadPinned, pin, unpin } from './pinnedInput';
import { ExpressionScopeContext } from '../forms/ExpressionInput';
import { copySteps, pasteSteps, type Clip } from './clipboard';
import { clearDraft, loadDraft, saveDraft, type Draft } from './draft';
import { EditHistory, type Snapshot } from './history';
import { TestRunPanel } from './TestRunPanel';
import { Inspector } from './Inspector';
import { Palette, dragType } from './Palette';
import { VersionsPanel } from './VersionsPanel';
import { useValidation } from './useValidation';

type Meta = WorkflowMeta;

// Steps copied in this tab (Ctrl+C), pasted into any workflow open in it (Ctrl+V).
let clipboard: Clip | null = null;

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

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
  const [dirty, setDirtyState] = useState(false);
  // Read by the leave guard, which must see a save at once (it runs before the next render).
  const dirtyRef = useRef(false);
  const setDirty = (d: boolean) => { dirtyRef.current = d; setDirtyState(d); };
  const history = useRef(new EditHistory()).current;
  const [, setHistoryTick] = useState(0);  // re-renders the undo/redo buttons
  const [draft, setDraft] = useState<Draft | null>(null);  // unsaved work found on opening
  const [toast, setToast] = useState<{ text: string } | null>(null);
  const [testRunId, setTestRunId] = useState<string | null>(null);
  const [testRan, setTestRan] = useState<{ definition: Definition; input: unknown } | null>(null);
  const testRun = useRun(api, testRunId);
  // The workflow's last run, for expression previews until a test run gives a newer one.
  const [lastRun, setLastRun] = useState<Execution | null>(null);
  useEffect(() => {
    if (!workflowId) return;
    let alive = true;
    api.executions({ workflow_id: workflowId }).then((r) => (r.executions[0] ? api.execution(r.executions[0].execution_id) : null))
      .then((x) => { if (alive) setLastRun(x); }).catch(() => undefined);
    return () => { alive = false; };
  }, [api, workflowId]);
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
  // The saved version as the canvas writes it: undoing back to it leaves nothing unsaved.
  const savedAs = useRef('');
  const load = useCallback((w: Workflow) => {
    const { steps: _s, edges: _e, ...rest } = w.definition;
    const canvas = toCanvas(w.definition);
    savedAs.current = JSON.stringify(toDefinition(rest, canvas.nodes, canvas.edges));
    setWorkflow(w);
    setMeta(rest);
    setNodes(canvas.nodes);
    setEdges(canvas.edges);
    setDirty(false);
    setConflict(null);
    history.clear();
    setTimeout(() => flowRef.current.fitView({ padding: 0.2, maxZoom: 1 }), 0);
  }, [history]);

  // Unsaved work of an earlier visit (a reload, a crash, a page left): offered back on opening.
  const tenant = api.session.tenant;
  const [pinnedTick, setPinnedTick] = useState(0);
  const [shortcuts, setShortcuts] = useState(false);
  // At 1280 px and below the palette starts folded, leaving the canvas the room.
  const [paletteOpen, setPaletteOpen] = useState(() => !window.matchMedia?.('(max-width: 1280px)').matches);
  useEffect(() => {
    const d = loadDraft(tenant, workflowId);
    if (d) setDraft(d);
  }, [tenant, workflowId]);
  const restoreDraft = (d: Draft) => {
    const { steps: _s, edges: _e, ...rest } = d.definition;
    const canvas = toCanvas(d.definition);
    record('restore');
    setMeta(rest);
    setNodes(canvas.nodes);
    setEdges(canvas.edges);
    setDraft(null);
    setDirty(true);
  };
  const discardDraft = () => {
    clearDraft(tenant, workflowId);
    setDraft(null);
  };

  useEffect(() => {
    if (!workflowId) return;
    let alive = true;
    api.getWorkflow(workflowId).then((w) => alive && load(w)).catch((e) => alive && setMessage({ kind: 'error', text: e.message }));
    return () => { alive = false; };
  }, [api, workflowId, load]);

  const definition = useMemo(() => toDefinition(meta, nodes, edges), [meta, nodes, edges]);

  // Every unsaved change is kept in the browser (a moment after the last one, and at once when
  // the editor closes or the page goes) until saved.
  const unsaved = useRef<(() => void) | null>(null);
  unsaved.current = dirty ? () => saveDraft(tenant, workflowId, { definition, basedOn: workflow?.version ?? null, savedAt: Date.now() }) : null;
  useEffect(() => {
    if (!dirty) return;
    const t = setTimeout(() => unsaved.current?.(), 300);
    return () => clearTimeout(t);
  }, [dirty, definition]);
  useEffect(() => {
    const flush = () => { if (dirtyRef.current) unsaved.current?.(); };
    window.addEventListener('pagehide', flush);
    return () => { window.removeEventListener('pagehide', flush); flush(); };
  }, []);

  // Leaving with unsaved changes asks first (a link, back, a reload, closing the tab).
  useEffect(() => guardLeaving(() => (dirtyRef.current
    ? 'This workflow has unsaved changes. Leave anyway? (They stay as a draft in this browser.)' : null)), []);
  const problems = useValidation(api, definition, workflowId !== undefined);
  const problemCount = Object.values(problems.byStep).reduce((n, p) => n + p.length, 0) + problems.general.length;

  // What the canvas shows: the nodes with their problems and search matches.
  const term = search.trim().toLowerCase();
  const matches = useMemo(() => stepMatches(nodes.map((n) => n.data.step), term), [nodes, term]);
  const testSteps = testRunId ? testRun.run?.steps : undefined;
  const shown = useMemo(() => nodes.map((n) => {
    const p = problems.byStep[n.id];
    const match = matches.has(n.id);
    const status = testSteps ? testSteps[n.id]?.status ?? 'pending' : undefined;
    if (!p && !match && !status && !n.data.problems && !n.data.highlight && !n.data.status) return n;
    return { ...n, data: { ...n.data, problems: p, highlight: match ? ('match' as const) : undefined, status } };
  }), [nodes, problems.byStep, matches, testSteps]);

  // What undo goes back to: the state before a change (refs, as handlers run before a render).
  const current = useRef<Snapshot>({ meta, nodes, edges });
  current.current = { meta, nodes, edges };
  const record = (kind: string) => {
    history.record(current.current, kind);
    setHistoryTick((t) => t + 1);
  };
  const change = (kind = '') => { record(kind); setDirty(true); setMessage(null); };
  const restore = (s: Snapshot | null) => {
    if (!s) return;
    setMeta(s.meta);
    setNodes(s.nodes);
    setEdges(s.edges);
    setSelected((id) => (id && s.nodes.some((n) => n.id === id) ? id : null));
    setDirty(JSON.stringify(toDefinition(s.meta, s.nodes, s.edges)) !== savedAs.current);
    setHistoryTick((t) => t + 1);
  };
  const undo = () => restore(history.undo(current.current));
  const redo = () => restore(history.redo(current.current));

  const onNodesChange = useCallback((changes: NodeChange<StepNode>[]) => {
    const removed = changes.filter((c) => c.type === 'remove').length;
    const dragging = changes.some((c) => c.type === 'position');
    if (changes.some((c) => c.type !== 'select' && c.type !== 'dimensions')) change(dragging ? 'drag' : '');
    setNodes((ns) => applyNodeChanges(changes, ns));
    for (const c of changes) if (c.type === 'select' && c.selected) setSelected(c.id);
    for (const c of changes) if (c.type === 'remove') setSelected((s) => (s === c.id ? null : s));
    if (removed) setToast({ text: `Deleted ${removed} step${removed > 1 ? 's' : ''}` });
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    if (changes.some((c) => c.type !== 'select')) change('edges');
    setEdges((es) => applyEdgeChanges(changes, es));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const onConnect = useCallback((c: Connection) => {
    if (c.source === c.target) return;
    const handle = c.sourceHandle ?? 'out';
    change();
    setEdges((es) => addEdge({ ...c, id: edgeId(c.source, c.target, handle), sourceHandle: handle }, es));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const copySelected = () => {
    const ids = new Set(nodes.filter((n) => n.selected || n.id === selected).map((n) => n.id));
    clipboard = copySteps(nodes, edges, ids) ?? clipboard;
    return clipboard !== null && ids.size > 0;
  };
  const paste = () => {
    if (!clipboard) return;
    const pasted = pasteSteps(clipboard, nodes.map((n) => n.id));
    change();
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), ...pasted.nodes]);
    setEdges((es) => [...es, ...pasted.edges]);
    setSelected(pasted.nodes[0]?.id ?? null);
  };
  const duplicate = () => { if (copySelected()) paste(); };

  const addStep = (type: string, position = { x: 80 + nodes.length * 20, y: 80 + nodes.length * 20 }) => {
    const component = catalog.get(type);
    const id = freshId(type, nodes.map((n) => n.id));
    const node: StepNode = { id, type: 'step', position, data: { step: newStep(type, id, component?.name ?? type) }, selected: true };
    change();
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), node]);
    setSelected(id);
  };
  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const type = e.dataTransfer.getData(dragType);
    if (!type) return;
    addStep(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const selectedNode = nodes.find((n) => n.id === selected) ?? null;
  // What expressions can read, with the values of the latest run (a test run, else the last).
  const sampleRun = testRun.run?.execution ?? lastRun;
  const sampleSteps = testRun.run?.steps ?? lastRun?.steps;
  const expressionScope = useMemo(() => ({
    stepIds: nodes.map((n) => n.id),
    sample: {
      ...Object.fromEntries(Object.entries(sampleSteps ?? {}).filter(([, st]) => st.output !== undefined).map(([id, st]) => [id, st.output])),
      ...(sampleRun ? { input: sampleRun.input } : {}),
    },
  }), [nodes, sampleRun, sampleSteps]);
  const updateStep = (s: Step) => {
    const before = nodes.find((n) => n.id === s.id)?.data.step;
    change(`step:${s.id}`);
    setNodes((ns) => ns.map((n) => (n.id === s.id ? { ...n, data: { ...n.data, step: s } } : n)));
    if (before) setEdges((es) => edgesAfterStepChange(before, s, es));
  };
  const renameSelected = (to: string) => {
    if (!selected) return;
    change();
    const renamed = renameStep(nodes, edges, selected, to);
    setNodes(renamed.nodes);
    setEdges(renamed.edges);
    setSelected(to);
  };
  const deleteSelected = () => {
    if (!selected) return;
    change();
    setNodes((ns) => ns.filter((n) => n.id !== selected));
    setEdges((es) => es.filter((e) => e.source !== selected && e.target !== selected));
    setToast({ text: `Deleted ${selected}` });
    setSelected(null);
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
      savedAs.current = JSON.stringify(definition);
      setDirty(false);
      clearDraft(tenant, workflowId);
      setDraft(null);
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
      const p = await api.publish(w.id, w.version, notes);
      setWorkflow(p);
      setPanel('none');
      setNotes('');
      setMessage({ kind: 'ok', text: `Published: version ${p.active_version} is active` });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  }

  /// Runs what the editor shows, saved first: the latest version. `execute` runs the
  /// published version, so a later one runs as the saved latest (test-execute, no inline
  /// definition: the run is filed under that version).
  async function run(input: unknown, published = false) {
    setBusy(true);
    try {
      const w = published ? workflow : dirty || !workflow ? await save() : workflow;
      if (!w) return;
      const latest = !published && w.active_version !== undefined && w.active_version !== null && w.active_version !== w.version;
      const r = latest ? await api.runLatest(w.id, input) : await api.execute(w.id, input);
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

  // The editor's keys, as in every editor: Ctrl+S saves; outside a text field Ctrl+Z undoes,
  // Ctrl+Shift+Z or Ctrl+Y redoes, Ctrl+C / Ctrl+V / Ctrl+D copy, paste and duplicate steps.
  const keys = useRef({ save, undo, redo, copySelected, paste, duplicate });
  keys.current = { save, undo, redo, copySelected, paste, duplicate };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !typing(e.target)) {
        setShortcuts((v) => !v);
        return;
      }
      if (e.key === 'Escape') setShortcuts(false);
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 's') {
        e.preventDefault();
        void keys.current.save();
        return;
      }
      if (typing(e.target)) return;  // the field's own undo, copy and paste
      const act = k === 'z' ? (e.shiftKey ? keys.current.redo : keys.current.undo) : k === 'y' ? keys.current.redo
        : k === 'c' ? keys.current.copySelected : k === 'v' ? keys.current.paste : k === 'd' ? keys.current.duplicate : null;
      if (!act) return;
      e.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A test run of what is on the canvas, without saving a version (saved workflows only: the
  // run is filed under the workflow). It stays here: states on the nodes, results below.
  async function startTestRun(input: unknown, ran = definition) {
    if (!workflow) return;
    setBusy(true);
    try {
      const r = await api.testRun(workflow.id, ran, input);
      setTestRan({ definition: ran, input });
      setTestRunId(r.execution_id);
      setPanel('none');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid_workflow_definition') setSaveProblems(problemsOf(e));
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  // Tidy up: every step placed by the layered layout (undoable like any change).
  const tidyUp = () => {
    const at = layout(definition.steps, linksOf(definition));
    change();
    setNodes((ns) => ns.map((n) => ({ ...n, position: at[n.id] ?? n.position })));
    setTimeout(() => flowRef.current.fitView({ padding: 0.1, duration: 300 }), 0);
  };

  const focusMatches = () => {
    if (matches.size) flow.fitView({ nodes: [...matches].map((id) => ({ id })), padding: 0.5, maxZoom: 1.5, duration: 300 });
  };

  return (
    <div className="editor">
      <div className="editor-toolbar">
        <input className="title-input" value={meta.name} aria-label="Workflow name" onChange={(e) => { change('name'); setMeta({ ...meta, name: e.target.value }); }} />
        {workflow ? <span className={`pill ${workflow.status}`}>{workflow.status} · v{workflow.version}{workflow.active_version && workflow.active_version !== workflow.version ? ` (v${workflow.active_version} live)` : ''}</span> : <span className="pill">new</span>}
        {nodes.length === 0 ? (
          // A blank canvas is a start, not an error: no problems until there is a step.
          <span className="validity" data-testid="validity">empty</span>
        ) : (
          <span className={`validity ${problems.checked ? (problemCount ? 'bad' : 'good') : ''}`} data-testid="validity">
            {!problems.checked ? 'checking…' : problemCount ? `${problemCount} problem${problemCount === 1 ? '' : 's'}` : 'valid'}
          </span>
        )}
        <input type="search" className="search" placeholder="Find a step" value={search} aria-label="Find a step"
          onChange={(e) => setSearch(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && focusMatches()} />
        {term ? <span className="hint" data-testid="search-count">{matches.size} match{matches.size === 1 ? '' : 'es'}</span> : null}
        <button onClick={() => setPaletteOpen((o) => !o)} aria-pressed={paletteOpen} title="Show or hide the step types">{paletteOpen ? 'Hide steps' : 'Add steps'}</button>
        <button onClick={tidyUp} disabled={nodes.length < 2} title="Lay the steps out in layers">Tidy up</button>
        <button onClick={() => setShortcuts((v) => !v)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
        <span className="spacer" />
        {message ? <span className={message.kind === 'ok' ? 'ok' : 'error'} role="status">{message.text}</span> : null}
        <button onClick={undo} disabled={!history.canUndo} title="Undo (Ctrl+Z)" aria-label="Undo">↶</button>
        <button onClick={redo} disabled={!history.canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">↷</button>
        <button className="primary" onClick={() => save()} disabled={busy || (!dirty && !!workflow)}>Save</button>
        <button onClick={() => setPanel(panel === 'publish' ? 'none' : 'publish')} disabled={!workflow}>Publish</button>
        <button onClick={() => setPanel(panel === 'versions' ? 'none' : 'versions')} disabled={!workflow}>Versions</button>
        <button onClick={() => setPanel(panel === 'run' ? 'none' : 'run')} disabled={busy || nodes.length === 0}>Run</button>
        {workflow ? <a href={`#/executions?workflow_id=${workflow.id}`}>History</a> : null}
        {workflow ? <button className="danger" onClick={remove}>Delete</button> : null}
      </div>
      {draft && (workflowId === undefined || workflow?.id === workflowId) ? (
        // Offered once the saved workflow is on the canvas: restored before it arrived, the
        // changes were replaced by it (a slow server lost the user's work).
        <div className="banner card" data-testid="draft-banner">
          Unsaved changes from {new Date(draft.savedAt).toLocaleString()}{draft.basedOn ? ` (edited from version ${draft.basedOn})` : ''} are kept in this browser.{' '}
          <button className="primary" onClick={() => restoreDraft(draft)}>Restore them</button>{' '}
          <button onClick={discardDraft}>Discard</button>
        </div>
      ) : null}
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
        {paletteOpen ? <Palette onAdd={(t) => addStep(t)} /> : null}
        <div className="editor-center">
        <div className="canvas" data-testid="workflow-canvas" onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop}>
          {nodes.length === 0 ? <div className="canvas-empty" data-testid="canvas-empty">Drag a step type here from the left, or Tab to it and press Enter. Start with Input or Manual Trigger.</div> : null}
          <ReactFlow nodes={shown} edges={edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange}
            onConnect={onConnect} onPaneClick={() => setSelected(null)} deleteKeyCode={['Backspace', 'Delete']} defaultEdgeOptions={edgeOptions}
            minZoom={0.05} onlyRenderVisibleElements={nodes.length > 100} proOptions={{ hideAttribution: true }}>
            <Background />
            <Controls />
            <MiniMap pannable zoomable nodeColor={minimapColor} className="minimap" />
          </ReactFlow>
        </div>
        {testRunId && testRan ? (
          <TestRunPanel run={testRun.run} error={testRun.error} definition={testRan.definition} selected={selected}
            onSelect={(id) => { setSelected(id); setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === id }))); }}
            onRerun={() => startTestRun(testRan.input, testRan.definition)} onClose={() => { setTestRunId(null); setTestRan(null); }} />
        ) : null}
        </div>
        {panel === 'versions' && workflow ? (
          <VersionsPanel api={api} workflow={workflow} onClose={() => setPanel('none')}
            onReverted={(w) => { load(w); setMessage({ kind: 'ok', text: `Reverted: now version ${w.version}` }); setPanel('none'); }}
            onPublished={(w) => { setWorkflow(w); setMessage({ kind: 'ok', text: `Published: version ${w.active_version} is active` }); }} />
        ) : panel === 'run' ? (
          <aside className="inspector" aria-label="Start a run">
            <h3>Start a run</h3>
            <p className="hint" data-testid="run-version">
              {dirty ? `Saves your changes as version ${(workflow?.version ?? 0) + 1} and runs it.` : `Runs version ${workflow?.version ?? 1}, as shown.`}
            </p>
            <InputForm key={`${workflowId}-${pinnedTick}`} schema={meta.input_schema} onSubmit={(input) => run(input)} busy={busy}
              initial={loadPinned(tenant, workflowId)} pinned={loadPinned(tenant, workflowId) !== undefined}
              onPin={workflowId ? (input) => { if (input) pin(tenant, workflowId, input); else unpin(tenant, workflowId); setPinnedTick((t) => t + 1); } : undefined}
              more={[
              ...(workflow ? [{ label: dirty ? 'Test unsaved changes' : 'Test run', onSubmit: (input: unknown) => startTestRun(input) }] : []),
              ...(workflow?.active_version && (dirty || workflow.active_version !== workflow.version)
                ? [{ label: `Run published version ${workflow.active_version}`, onSubmit: (input: unknown) => run(input, true) }] : []),
            ]} />
            {workflow ? <p className="hint">A test run makes no version: it runs what is on the canvas, and its results show under it.</p> : null}
          </aside>
        ) : panel === 'publish' ? (
          <aside className="inspector" aria-label="Publish">
            <h3>Publish</h3>
            <p className="hint">{dirty ? 'Saves the changes as a new version and makes it the one that runs.' : 'Makes this version the one that runs; no new version is written.'}</p>
            <label className="field"><span className="field-label">Notes</span><textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} /></label>
            <button className="primary" onClick={publish}>{dirty ? `Save as version ${(workflow?.version ?? 0) + 1} and publish it` : `Publish version ${workflow?.version}`}</button>
          </aside>
        ) : (
          <ExpressionScopeContext.Provider value={expressionScope}>
          <Inspector tenant={api.session.tenant} step={selectedNode?.data.step ?? null} onDuplicate={duplicate} problems={selected ? problems.byStep[selected] ?? [] : []}
            onStep={updateStep} onDelete={deleteSelected} onRename={renameSelected} ids={nodes.map((n) => n.id)} meta={meta} onMeta={(m) => { change('meta'); setMeta(m); }} general={nodes.length ? problems.general : []} />
          </ExpressionScopeContext.Provider>
        )}
      </div>
      {shortcuts ? <ShortcutHelp onClose={() => setShortcuts(false)} /> : null}
      {toast ? (
        <div className="toast" role="status" data-testid="toast">
          {toast.text}
          <button onClick={() => { undo(); setToast(null); }}>Undo</button>
          <button onClick={() => setToast(null)} aria-label="Dismiss">×</button>
        </div>
      ) : null}
    </div>
  );
}

const shortcutList: [string, string][] = [
  ['Tab, then Enter', 'add the focused step type from the palette (Enter in its search adds the first match)'],
  ['Tab on the canvas, Enter', 'focus a step, select it'],
  ['Arrow keys', 'move the selected steps'],
  ['Delete / Backspace', 'remove what is selected (Undo brings it back)'],
  ['Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y', 'undo, redo'],
  ['Ctrl+C, Ctrl+V, Ctrl+D', 'copy, paste, duplicate steps'],
  ['Ctrl+S', 'save'],
  ['Enter in "Find a step"', 'bring the matches into view'],
  ['?', 'this help; Esc closes it'],
];

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="shortcut-help" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcut-help">
      <h3>Keyboard shortcuts <button className="link" onClick={onClose}>close</button></h3>
      <table><tbody>{shortcutList.map(([k, what]) => <tr key={k}><th><kbd>{k}</kbd></th><td>{what}</td></tr>)}</tbody></table>
    </div>
  );
}
