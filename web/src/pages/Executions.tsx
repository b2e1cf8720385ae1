// Execution history, newest first, filtered by workflow and status, paged by cursor.
import { useEffect, useState } from 'react';
import type { Api } from '../api/client';
import type { ExecutionSummary, WorkflowSummary } from '../api/types';
import { go } from '../route';

const statuses = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timed_out'];

export function Executions({ api, params }: { api: Api; params: URLSearchParams }) {
  const [workflowId, setWorkflowId] = useState(params.get('workflow_id') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? '');
  const [items, setItems] = useState<ExecutionSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [workflows, setWorkflows] = useState<WorkflowSummary[]>([]);
  const [error, setError] = useState('');

  useEffect(() => { api.listWorkflows().then((r) => setWorkflows(r.workflows)).catch(() => undefined); }, [api]);
  useEffect(() => {
    api.executions({ workflow_id: workflowId, status }).then((r) => { setItems(r.executions); setCursor(r.next_cursor); setError(''); })
      .catch((e) => setError(e.message));
  }, [api, workflowId, status]);
  const names = new Map(workflows.map((w) => [w.id, w.name]));
  const more = () => cursor && api.executions({ workflow_id: workflowId, status, cursor }).then((r) => { setItems([...items, ...r.executions]); setCursor(r.next_cursor); });

  return (
    <section className="list-page">
      <div className="list-toolbar">
        <h2>Executions</h2>
        <select value={workflowId} onChange={(e) => setWorkflowId(e.target.value)} aria-label="Workflow">
          <option value="">All workflows</option>
          {workflows.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
        </select>
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Status">
          <option value="">Any status</option>
          {statuses.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      {error ? <div className="error">{error}</div> : null}
      <table className="table">
        <thead><tr><th>Execution</th><th>Workflow</th><th>Status</th><th>Started</th><th>Duration</th></tr></thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.execution_id} className="clickable" onClick={() => go(`/executions/${e.execution_id}`)} data-testid={`execution-${e.execution_id}`}>
              <td className="mono">{e.execution_id}{e.parent_execution_id ? <div className="hint">child of {e.parent_execution_id}</div> : null}</td>
              <td>{names.get(e.workflow_id) ?? e.workflow_id} <span className="hint">v{e.workflow_version}</span></td>
              <td><span className={`pill ${e.status}`}>{e.status}</span>{e.error_code ? <span className="hint"> {e.error_code}</span> : null}</td>
              <td>{e.started_at ? new Date(e.started_at).toLocaleString() : '—'}</td>
              <td>{e.started_at && e.finished_at ? `${Date.parse(e.finished_at) - Date.parse(e.started_at)} ms` : '—'}</td>
            </tr>
          ))}
          {items.length === 0 ? <tr><td colSpan={5} className="hint">No executions match.</td></tr> : null}
        </tbody>
      </table>
      {cursor ? <button onClick={more}>Load more</button> : null}
    </section>
  );
}
