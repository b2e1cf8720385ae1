// Execution history, newest first, filtered by workflow and status (kept in the URL, so a
// reload or a shared link shows the same list), paged by cursor, and live: the first page is
// read again every few seconds, so a new run appears without a reload.
import { useEffect, useRef, useState } from 'react';
import type { Api } from '../api/client';
import type { ExecutionSummary, WorkflowSummary } from '../api/types';
import { go } from '../route';
import { formatDuration } from '../run/runState';

const statuses = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timed_out'];

export function Executions({ api, params }: { api: Api; params: URLSearchParams }) {
  const [workflowId, setWorkflowId] = useState(params.get('workflow_id') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? '');
  const [items, setItems] = useState<ExecutionSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [workflows, setWorkflows] = useState<WorkflowSummary[]>([]);
  const [error, setError] = useState('');

  useEffect(() => { api.listWorkflows().then((r) => setWorkflows(r.workflows)).catch(() => undefined); }, [api]);
  const [search, setSearch] = useState('');
  const paged = useRef(false);  // once the user loaded more, the list is theirs: no refresh under them
  useEffect(() => {
    const q = new URLSearchParams();
    if (workflowId) q.set('workflow_id', workflowId);
    if (status) q.set('status', status);
    history.replaceState(null, '', `#/executions${q.size ? `?${q}` : ''}`);
    let alive = true;
    paged.current = false;
    const read = () => api.executions({ workflow_id: workflowId, status }).then((r) => {
      if (!alive || paged.current) return;
      setItems(r.executions);
      setCursor(r.next_cursor);
      setError('');
    }).catch((e) => alive && setError(e.message));
    read();
    const t = setInterval(read, 3000);
    return () => { alive = false; clearInterval(t); };
  }, [api, workflowId, status]);
  const term = search.trim();
  const shown = term ? items.filter((e) => e.execution_id.includes(term)) : items;
  const names = new Map(workflows.map((w) => [w.id, w.name]));
  const more = () => {
    if (!cursor) return;
    paged.current = true;
    api.executions({ workflow_id: workflowId, status, cursor })
      .then((r) => { setItems((old) => [...old, ...r.executions]); setCursor(r.next_cursor); })
      .catch((e) => setError(e.message));
  };

  return (
    <section className="list-page">
      <div className="list-toolbar">
        <h2>Executions</h2>
        <select value={workflowId} onChange={(e) => setWorkflowId(e.target.value)} aria-label="Workflow">
          <option value="">All workflows</option>
          {workflows.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
        </select>
        <input type="search" placeholder="Find by execution id" aria-label="Find by execution id" value={search}
          onChange={(e) => setSearch(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && /^ex_[A-Za-z0-9]+$/.test(term)) go(`/executions/${term}`); }} />
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Status">
          <option value="">Any status</option>
          {statuses.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      {error ? <div className="error">{error}</div> : null}
      <table className="table">
        <thead><tr><th>Execution</th><th>Workflow</th><th>Status</th><th>Started</th><th>Duration</th></tr></thead>
        <tbody>
          {shown.map((e) => (
            <tr key={e.execution_id} className="clickable" onClick={() => go(`/executions/${e.execution_id}`)} data-testid={`execution-${e.execution_id}`}>
              <td className="mono"><a href={`#/executions/${e.execution_id}`} onClick={(ev) => ev.stopPropagation()}>{e.execution_id}</a>{e.parent_execution_id ? <div className="hint">child of {e.parent_execution_id}</div> : null}</td>
              <td>{names.get(e.workflow_id) ?? e.workflow_id} <span className="hint">{e.workflow_version ? `v${e.workflow_version}` : 'test run'}</span></td>
              <td><span className={`pill ${e.status}`}>{e.status}</span>{e.error_code ? <span className="hint"> {e.error_code}</span> : null}</td>
              <td>{e.started_at ? new Date(e.started_at).toLocaleString() : '—'}</td>
              <td>{e.started_at && e.finished_at ? formatDuration(Date.parse(e.finished_at) - Date.parse(e.started_at)) : '—'}</td>
            </tr>
          ))}
          {shown.length === 0 ? <tr><td colSpan={5} className="hint">No executions match.</td></tr> : null}
        </tbody>
      </table>
      {cursor ? <button onClick={more}>Load more</button> : null}
    </section>
  );
}
