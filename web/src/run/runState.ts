// A run as the console shows it: the execution's snapshot (GET /api/executions/{id}) moved
// forward by its events as they arrive. Events at or below the last seq are ignored, so a
// replay after a reconnect never applies one twice.
import type { Definition, Execution, LogLine, StepState } from '../api/types';
import { linksOf } from '../graph/convert';

/// One event as the seed 001 WebSocket carries it: `data` holds the event's fields.
export interface LiveEvent {
  event_type: string;
  data: Record<string, unknown> & { seq: number; execution_id: string; step_id?: string; attempt?: number; status?: string };
  timestamp: string;
}

export interface StepRun extends StepState {
  next_retry_at?: string;
}

export interface RunState {
  execution: Execution;
  steps: Record<string, StepRun>;
  lastSeq: number;
  logs: LogLine[];
}

export function initialRun(execution: Execution, logs: LogLine[]): RunState {
  return { execution, steps: { ...execution.steps }, lastSeq: execution.last_seq ?? 0, logs };
}

export function applyEvent(state: RunState, e: LiveEvent): RunState {
  const seq = e.data.seq;
  if (seq <= state.lastSeq || e.data.execution_id !== state.execution.execution_id) return state;
  const execution: Execution = { ...state.execution };
  if (typeof e.data.status === 'string') execution.status = e.data.status as Execution['status'];
  const steps = { ...state.steps };
  let logs = state.logs;
  const id = e.data.step_id;
  const step = (): StepRun => ({ ...(id ? steps[id] : undefined), status: (id && steps[id]?.status) || 'pending' });
  const d = e.data;
  const logged = state.logs.some((l) => l.seq === seq);  // never twice, whatever the reads overlap
  switch (e.event_type) {
    case 'step_scheduled':
      if (id) steps[id] = { ...step(), status: 'scheduled' };
      break;
    case 'step_started':
      if (id) {
        // As the server's reducer (core/execution_state.cpp): a wait_for_signal step waits.
        const status = d.waits_for === 'signal' ? 'waiting' : 'running';
        steps[id] = { ...step(), status, attempts: Math.max(steps[id]?.attempts ?? 0, e.data.attempt ?? 1), started_at: steps[id]?.started_at ?? e.timestamp };
        execution.current_step = id;
      }
      break;
    case 'timer_started':
      if (id) steps[id] = { ...step(), status: 'waiting' };
      break;
    case 'timer_fired':
      if (id) steps[id] = { ...step(), status: 'running' };
      break;
    case 'signal_received':
      if (id && steps[id]?.status === 'waiting') steps[id] = { ...step(), status: 'running' };
      break;
    case 'step_completed':
      if (id) steps[id] = { ...step(), status: 'completed', output: d.output, duration_ms: d.duration_ms as number, finished_at: e.timestamp, error: undefined };
      break;
    case 'step_failed':
      if (id) {
        const retry = d.will_retry === true;
        steps[id] = {
          ...step(), status: retry ? 'retrying' : 'failed', attempts: Math.max(steps[id]?.attempts ?? 0, e.data.attempt ?? 1),
          error: d.error as StepRun['error'], duration_ms: d.duration_ms as number,
          next_retry_at: retry ? (d.next_retry_at as string) : undefined, finished_at: retry ? undefined : e.timestamp,
        };
        const err = d.error as { message?: string } | undefined;
        if (!logged) logs = [...logs, { seq, timestamp: e.timestamp, step_id: id, level: retry ? 'warn' : 'error', message: `attempt ${e.data.attempt ?? '?'} failed: ${err?.message ?? 'error'}` }];
      }
      break;
    case 'step_skipped':
      if (id) steps[id] = { ...step(), status: 'skipped' };
      break;
    case 'log':
      if (!logged) logs = [...logs, { seq, timestamp: e.timestamp, step_id: id ?? null, level: (d.level as string) ?? 'info', message: String(d.message ?? '') }];
      break;
    case 'execution_completed':
      execution.output = d.output;
      execution.finished_at = e.timestamp;
      break;
    case 'execution_failed':
    case 'execution_timed_out':
    case 'execution_cancelled':
      execution.error = (d.error as Execution['error']) ?? execution.error;
      execution.finished_at = e.timestamp;
      break;
  }
  if (e.event_type.startsWith('execution_') && e.event_type !== 'execution_created' && e.event_type !== 'execution_started') {
    // An ended run settles every step still open as skipped (as the server does).
    for (const [sid, s] of Object.entries(steps)) {
      if (!['completed', 'failed', 'skipped'].includes(s.status)) steps[sid] = { ...s, status: 'skipped' };
    }
  }
  execution.last_seq = seq;
  execution.progress = progressOf(steps, execution.progress.total_nodes);
  return { execution, steps, lastSeq: seq, logs };
}

function progressOf(steps: Record<string, StepRun>, total: number): Execution['progress'] {
  let completed = 0, failed = 0, skipped = 0;
  for (const s of Object.values(steps)) {
    if (s.status === 'completed') completed++;
    else if (s.status === 'failed') failed++;
    else if (s.status === 'skipped') skipped++;
  }
  const done = completed + failed + skipped;
  return { total_nodes: total, completed_nodes: completed, failed_nodes: failed, skipped_nodes: skipped, percentage: total ? Math.round((1000 * done) / total) / 10 : 0 };
}

/// How long a step took, or has taken so far (`now` ticking while it runs or waits): its
/// measured attempt time when it has one, else from its start to its end. Undefined when it
/// never started.
export function stepDuration(s: StepRun | undefined, now: number): number | undefined {
  if (!s?.started_at) return s?.duration_ms || undefined;
  const start = Date.parse(s.started_at);
  if (['running', 'waiting', 'scheduled', 'retrying'].includes(s.status)) return Math.max(0, now - start);
  if (s.duration_ms) return s.duration_ms;
  return s.finished_at ? Math.max(0, Date.parse(s.finished_at) - start) : undefined;
}

/// "850 ms", "12.0 s", "3 min 5 s", "2 h 4 min".
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/// The header's words for a run's progress: what completed, and what failed or was skipped
/// said apart (a failed run is not "6/6 finished").
export function progressText(p: Execution['progress']): string {
  const parts = [`${p.completed_nodes}/${p.total_nodes} steps completed`];
  if (p.failed_nodes) parts.push(`${p.failed_nodes} failed`);
  if (p.skipped_nodes) parts.push(`${p.skipped_nodes} skipped`);
  return parts.join(' · ');
}

/// The log lines a step's panel shows: the step's own, or every line when no step is selected.
export function logsOf(run: RunState, stepId: string | null): LogLine[] {
  return stepId ? run.logs.filter((l) => l.step_id === stepId) : run.logs;
}

/// What a step received: the execution input for an entry step, its one predecessor's output,
/// or its predecessors' outputs by id (as the debug trace shows it, docs/api.md).
export function stepInput(def: Definition, run: RunState, stepId: string): unknown {
  const from = [...new Set(linksOf(def).filter((l) => l.to === stepId).map((l) => l.from))];
  if (from.length === 0) return run.execution.input;
  if (from.length === 1) return run.steps[from[0]]?.output;
  return Object.fromEntries(from.map((id) => [id, run.steps[id]?.output]));
}

const ran = new Set(['completed', 'failed', 'running', 'waiting', 'retrying', 'cancelled', 'timed_out']);

/// Whether the run went along an edge: taken when its source completed and its target ran;
/// not taken when the target was skipped (the branch a condition did not choose); undefined
/// while it is still open.
export function edgeTaken(run: RunState, source: string, target: string, finished: boolean): 'taken' | 'not-taken' | undefined {
  const from = run.steps[source]?.status;
  const to = run.steps[target]?.status ?? (finished ? 'skipped' : undefined);
  if (from === 'completed' && to && ran.has(to)) return 'taken';
  if (to === 'skipped') return 'not-taken';
  return undefined;
}
