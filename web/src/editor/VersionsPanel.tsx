// A workflow's versions with a visual diff of any two (added steps green, changed amber,
// removed red and dashed; the values before and after), publish and revert.
import { useEffect, useMemo, useState } from 'react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import type { Api } from '../api/client';
import type { Definition, Diff, VersionInfo, Workflow } from '../api/types';
import { nodeTypes } from '../components/StepNodeView';
import { toCanvas, type StepNode } from '../graph/convert';
import { changedValues, shown } from './versionDiff';

/// The latest definition's canvas marked with a diff, plus the removed steps where they were.
export function diffCanvas(older: Definition, latest: Definition, diff: Diff) {
  const now = toCanvas(latest);
  const before = toCanvas(older);
  const changed = new Set(diff.changed.map((c) => c.step_id));
  const added = new Set(diff.added);
  const nodes: StepNode[] = now.nodes.map((n) => ({
    ...n, draggable: false,
    data: { ...n.data, highlight: added.has(n.id) ? 'added' : changed.has(n.id) ? 'changed' : undefined },
  }));
  for (const n of before.nodes) {
    if (diff.removed.includes(n.id)) nodes.push({ ...n, draggable: false, data: { ...n.data, highlight: 'removed' } });
  }
  return { nodes, edges: now.edges };
}

/// Versions, newest first: pick one to compare with the latest (or with any other), see what
/// changed value by value and on the graph, publish it, or revert to it.
export function VersionsPanel({ api, workflow, onClose, onReverted, onPublished }:
  { api: Api; workflow: Workflow; onClose: () => void; onReverted: (w: Workflow) => void; onPublished: (w: Workflow) => void }) {
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [picked, setPicked] = useState<number | null>(null);
  const [against, setAgainst] = useState(workflow.version);
  const [compare, setCompare] = useState<{ diff: Diff; older: Definition; newer: Definition } | null>(null);
  const [error, setError] = useState('');

  useEffect(() => { api.versions(workflow.id).then((r) => setVersions(r.versions)).catch((e) => setError(e.message)); }, [api, workflow]);
  useEffect(() => setAgainst(workflow.version), [workflow.version]);
  useEffect(() => {
    if (picked === null) return;
    setCompare(null);
    Promise.all([api.diff(workflow.id, picked, against), api.version(workflow.id, picked), api.version(workflow.id, against)])
      .then(([diff, a, b]) => setCompare({ diff, older: a.definition, newer: b.definition }))
      .catch((e) => setError(e.message));
  }, [api, workflow, picked, against]);
  const canvas = useMemo(() => (compare ? diffCanvas(compare.older, compare.newer, compare.diff) : null), [compare]);
  const values = useMemo(() => (compare ? changedValues(compare.older, compare.newer, compare.diff) : []), [compare]);
  // The steps that changed are the ones put in view.
  const inView = compare ? [...compare.diff.added, ...compare.diff.changed.map((c) => c.step_id)].map((id) => ({ id })) : [];

  const act = async (what: () => Promise<void>) => {
    try {
      await what();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const revert = () => act(async () => { if (picked !== null) onReverted(await api.revert(workflow.id, picked, `reverted to version ${picked} from the console`)); });
  const publish = () => act(async () => { if (picked !== null) onPublished(await api.publish(workflow.id, picked, '')); });

  return (
    <aside className="inspector versions" aria-label="Versions" data-testid="versions-panel">
      <h3>Versions <button className="link" onClick={onClose}>close</button></h3>
      {error ? <div className="error">{error}</div> : null}
      <ol className="version-list">
        {[...versions].reverse().map((v) => (
          <li key={v.version} className={picked === v.version ? 'picked' : ''} data-testid={`version-${v.version}`}>
            <button className="version-pick" onClick={() => setPicked(v.version)}>
              <b>v{v.version}</b> {changeWords[v.change] ?? v.change}{v.active ? <span className="pill active">live</span> : null}
            </button>
            <div className="hint">{new Date(v.created_at).toLocaleString()} · {v.created_by}{v.notes ? ` · ${v.notes}` : ''}</div>
            {v.published_at ? <div className="hint">published {new Date(v.published_at).toLocaleString()} by {v.published_by}{v.publish_notes ? ` · ${v.publish_notes}` : ''}</div> : null}
          </li>
        ))}
      </ol>
      {picked !== null ? (
        <label className="field compare-with">
          <span className="field-label">Compare v{picked} with</span>
          <select aria-label="Compare with" value={against} onChange={(e) => setAgainst(Number(e.target.value))}>
            {[...versions].reverse().map((v) => <option key={v.version} value={v.version}>v{v.version}{v.version === workflow.version ? ' (latest)' : ''}</option>)}
          </select>
        </label>
      ) : null}
      {picked !== null && compare && canvas ? (
        <div className="diff" data-testid="diff">
          <div className="diff-summary">
            v{picked} → v{against}: {compare.diff.added.length} added, {compare.diff.changed.length} changed, {compare.diff.removed.length} removed
            {compare.diff.workflow_fields.length ? `; workflow: ${compare.diff.workflow_fields.join(', ')}` : ''}
          </div>
          <ul className="diff-list">
            {compare.diff.added.map((s) => <li key={`a${s}`} className="diff-added">+ {s}</li>)}
            {compare.diff.removed.map((s) => <li key={`r${s}`} className="diff-removed">− {s}</li>)}
            {values.map((c) => (
              <li key={`c${c.stepId}`} className="diff-changed" data-testid={`diff-step-${c.stepId}`}>~ {c.stepId}
                <table className="diff-values">
                  <tbody>
                    {c.fields.map((f) => (
                      <tr key={f.field}><th>{f.field}</th><td className="diff-before">{shown(f.before)}</td><td className="diff-after">{shown(f.after)}</td></tr>
                    ))}
                  </tbody>
                </table>
              </li>
            ))}
          </ul>
          <div className="diff-canvas">
            <ReactFlowProvider>
              <ReactFlow key={`${picked}-${against}`} nodes={canvas.nodes} edges={canvas.edges} nodeTypes={nodeTypes} fitView
                fitViewOptions={{ maxZoom: 1, padding: 0.3, nodes: inView.length ? inView : undefined }} nodesConnectable={false} nodesDraggable={false} proOptions={{ hideAttribution: true }} />
            </ReactFlowProvider>
          </div>
          <div className="row-actions">
            {versions.find((v) => v.version === picked)?.active ? null : <button onClick={publish}>Publish v{picked}</button>}
            {picked !== workflow.version ? <button onClick={revert}>Revert to v{picked}</button> : null}
          </div>
        </div>
      ) : <p className="hint">Pick a version to compare it with the latest.</p>}
    </aside>
  );
}

// How each kind of change reads in the list.
const changeWords: Record<string, string> = {
  created: 'created', replaced: 'saved', patched: 'saved', published: 'published', reverted: 'reverted',
};
