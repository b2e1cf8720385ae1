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
  // A date range, as days in the user's time zone: from the start of `from` to the end of `to`.
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  const range = createdRange(from, to);
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
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    history.replaceState(null, '', `#/executions${q.size ? `?${q}` : ''}`);
    let alive = true;
    paged.current = false;
    const read = () => api.executions({ workflow_id: workflowId, status, ...range }).then((r) => {
      if (!alive || paged.current) return;
      setItems(r.executions);
      setCursor(r.next_cursor);
      setError('');
    }).catch((e) => alive && setError(e.message));
    read();
    const t = setInterval(read, 3000);
    return () => { alive = false; clearInterval(t); };
  }, [api, workflowId, status, range.created_after, range.created_before]); // eslint-disable-line react-hooks/exhaustive-deps
  const term = search.trim();
  const shown = term ? items.filter((e) => e.execution_id.includes(term)) : items;
  const names = new Map(workflows.map((w) => [w.id, w.name]));
  const more = () => {
    if (!cursor) return;
    paged.current = true;
    api.executions({ workflow_id: workflowId, status, ...range, cursor })
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
        <label className="hint">from <input type="date" aria-label="Created from" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label className="hint">to <input type="date" aria-label="Created to" value={to} onChange={(e) => setTo(e.target.value)} /></label>
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

/// The API's creation range for days picked in the user's time zone (`YYYY-MM-DD`): from the
/// first millisecond of `from` to before the first of the day after `to`.
export function createdRange(from: string, to: string): { created_after?: string; created_before?: string } {
  const day = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00`) : null);
  const out: { created_after?: string; created_before?: string } = {};
  const f = day(from);
  const t = day(to);
  if (f) out.created_after = f.toISOString();
  if (t) {
    t.setDate(t.getDate() + 1);
    out.created_before = t.toISOString();
  }
  return out;
}
