// The tenant's workflows: search by name, filter by status, open one, start a new one.
import { useEffect, useState } from 'react';
import type { Api } from '../api/client';
import type { WorkflowSummary } from '../api/types';
import { go } from '../route';

export function WorkflowList({ api }: { api: Api }) {
  const [name, setName] = useState('');
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<WorkflowSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const t = setTimeout(() => {
      api.listWorkflows({ name, status }).then((r) => { setItems(r.workflows); setCursor(r.next_cursor); setError(''); })
        .catch((e) => setError(e.message));
    }, 200);
    return () => clearTimeout(t);
  }, [api, name, status]);

  const more = () => cursor && api.listWorkflows({ name, status, cursor }).then((r) => { setItems([...items, ...r.workflows]); setCursor(r.next_cursor); });

  return (
    <section className="list-page">
      <div className="list-toolbar">
        <h2>Workflows</h2>
        <input type="search" placeholder="Search by name" value={name} onChange={(e) => setName(e.target.value)} aria-label="Search workflows" />
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Status">
          <option value="">Any status</option><option value="draft">Draft</option><option value="active">Active</option>
        </select>
        <button className="primary" onClick={() => go('/workflows/new')}>New workflow</button>
        <button onClick={() => go('/templates')}>From a template</button>
      </div>
      {error ? <div className="error">{error}</div> : null}
      <table className="table">
        <thead><tr><th>Name</th><th>Status</th><th>Version</th><th>Steps</th><th>Updated</th><th /></tr></thead>
        <tbody>
          {items.map((w) => (
            <tr key={w.id} onClick={() => go(`/workflows/${w.id}`)} className="clickable" data-testid={`workflow-${w.id}`}>
              <td><b>{w.name}</b>{w.description ? <div className="hint">{w.description}</div> : null}</td>
              <td><span className={`pill ${w.status}`}>{w.status}</span></td>
              <td>v{w.version}{w.active_version ? ` (v${w.active_version} published)` : ''}</td>
              <td>{w.step_count}</td>
              <td>{new Date(w.updated_at).toLocaleString()}</td>
              <td><a href={`#/executions?workflow_id=${w.id}`} onClick={(e) => e.stopPropagation()}>runs</a></td>
            </tr>
          ))}
          {items.length === 0 ? <tr><td colSpan={6} className="hint">No workflows yet: start a new one or pick a template.</td></tr> : null}
        </tbody>
      </table>
      {cursor ? <button onClick={more}>Load more</button> : null}
    </section>
  );
}
