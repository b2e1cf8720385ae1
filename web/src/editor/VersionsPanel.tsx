// A workflow's versions, oldest first, with a visual diff of any version against the latest
// (added steps green, changed amber, removed red and dashed) and revert.
import { useEffect, useMemo, useState } from 'react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import type { Api } from '../api/client';
import type { Definition, Diff, VersionInfo, Workflow } from '../api/types';
import { nodeTypes } from '../components/StepNodeView';
import { toCanvas, type StepNode } from '../graph/convert';

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

export function VersionsPanel({ api, workflow, onClose, onReverted }: { api: Api; workflow: Workflow; onClose: () => void; onReverted: (w: Workflow) => void }) {
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [picked, setPicked] = useState<number | null>(null);
  const [compare, setCompare] = useState<{ diff: Diff; older: Definition } | null>(null);
  const [error, setError] = useState('');

  useEffect(() => { api.versions(workflow.id).then((r) => setVersions(r.versions)).catch((e) => setError(e.message)); }, [api, workflow]);
  useEffect(() => {
    if (picked === null) return;
    Promise.all([api.diff(workflow.id, picked, workflow.version), api.version(workflow.id, picked)])
      .then(([diff, v]) => setCompare({ diff, older: v.definition }))
      .catch((e) => setError(e.message));
  }, [api, workflow, picked]);
  const canvas = useMemo(() => (compare ? diffCanvas(compare.older, workflow.definition, compare.diff) : null), [compare, workflow]);

  const revert = async () => {
    if (picked === null) return;
    try {
      onReverted(await api.revert(workflow.id, picked, `reverted to version ${picked} from the console`));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <aside className="inspector versions" aria-label="Versions" data-testid="versions-panel">
      <h3>Versions <button className="link" onClick={onClose}>close</button></h3>
      {error ? <div className="error">{error}</div> : null}
      <ol className="version-list">
        {[...versions].reverse().map((v) => (
          <li key={v.version} className={picked === v.version ? 'picked' : ''} onClick={() => setPicked(v.version)} data-testid={`version-${v.version}`}>
            <b>v{v.version}</b> {v.change}{v.active ? <span className="pill active">live</span> : null}
            <div className="hint">{new Date(v.created_at).toLocaleString()} · {v.created_by}{v.notes ? ` · ${v.notes}` : ''}</div>
          </li>
        ))}
      </ol>
      {picked !== null && compare && canvas ? (
        <div className="diff" data-testid="diff">
          <div className="diff-summary">
            v{picked} → v{workflow.version}: {compare.diff.added.length} added, {compare.diff.changed.length} changed, {compare.diff.removed.length} removed
            {compare.diff.workflow_fields.length ? `; workflow: ${compare.diff.workflow_fields.join(', ')}` : ''}
          </div>
          <ul className="diff-list">
            {compare.diff.added.map((s) => <li key={`a${s}`} className="diff-added">+ {s}</li>)}
            {compare.diff.removed.map((s) => <li key={`r${s}`} className="diff-removed">− {s}</li>)}
            {compare.diff.changed.map((c) => <li key={`c${c.step_id}`} className="diff-changed">~ {c.step_id}: {c.fields.join(', ')}</li>)}
          </ul>
          <div className="diff-canvas">
            <ReactFlowProvider>
              <ReactFlow nodes={canvas.nodes} edges={canvas.edges} nodeTypes={nodeTypes} fitView fitViewOptions={{ maxZoom: 1 }} nodesConnectable={false} nodesDraggable={false} proOptions={{ hideAttribution: true }} />
            </ReactFlowProvider>
          </div>
          {picked !== workflow.version ? <button onClick={revert}>Revert to v{picked}</button> : null}
        </div>
      ) : <p className="hint">Pick a version to compare it with the latest.</p>}
    </aside>
  );
}
