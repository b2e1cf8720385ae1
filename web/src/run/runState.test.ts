import { describe, expect, it } from 'vitest';
import type { Execution } from '../api/types';
import { applyEvent, edgeTaken, formatDuration, initialRun, logsOf, progressText, stepDuration, type LiveEvent, type RunState } from './runState';

const snapshot: Execution = {
  execution_id: 'ex_1', workflow_id: 'wf_1', workflow_version: 1, status: 'running',
  progress: { total_nodes: 3, completed_nodes: 1, failed_nodes: 0, skipped_nodes: 0, percentage: 33.3 },
  current_step: 'a', input: { n: 1 }, output: null, error: null, created_at: '', last_seq: 4,
  steps: { a: { status: 'completed', attempts: 1, output: { x: 1 } } },
};

let seq = 4;
const ev = (event_type: string, data: Record<string, unknown> = {}): LiveEvent =>
  ({ event_type, timestamp: '2026-11-22T10:00:00Z', data: { execution_id: 'ex_1', seq: ++seq, status: 'running', ...data } });

function play(...events: LiveEvent[]): RunState {
  return events.reduce(applyEvent, initialRun(snapshot, []));
}

describe('a run followed live', () => {
  it('lights steps up as their events arrive', () => {
    seq = 4;
    const r = play(
      ev('step_started', { step_id: 'b', attempt: 1 }),
      ev('step_failed', { step_id: 'b', attempt: 1, will_retry: true, next_retry_at: 'soon', error: { code: 'timeout', message: 'slow' } }),
    );
    expect(r.steps.b.status).toBe('retrying');
    expect(r.logs.map((l) => l.message)).toEqual(['attempt 1 failed: slow']);
    const done = [ev('step_started', { step_id: 'b', attempt: 2 }), ev('step_completed', { step_id: 'b', output: { y: 2 }, duration_ms: 12 }),
      ev('step_skipped', { step_id: 'c' }), ev('execution_completed', { output: { y: 2 }, status: 'completed' })].reduce(applyEvent, r);
    expect(done.steps.b).toMatchObject({ status: 'completed', attempts: 2, output: { y: 2 }, duration_ms: 12 });
    expect(done.steps.c.status).toBe('skipped');
    expect(done.execution).toMatchObject({ status: 'completed', output: { y: 2 }, last_seq: 10 });
    expect(done.execution.progress).toMatchObject({ completed_nodes: 2, skipped_nodes: 1, percentage: 100 });
  });

  it('ignores events it has already applied and events of other executions', () => {
    seq = 4;
    const started = ev('step_started', { step_id: 'b', attempt: 1 });
    const once = play(started);
    expect(applyEvent(once, started)).toBe(once);
    expect(applyEvent(once, { ...ev('step_completed', { step_id: 'b' }), data: { ...ev('x').data, execution_id: 'ex_other', step_id: 'b' } })).toBe(once);
    // Snapshot events (seq <= last_seq) are not applied again either.
    expect(applyEvent(initialRun(snapshot, []), { ...started, data: { ...started.data, seq: 3 } }).steps.b).toBeUndefined();
  });

  it('shows a step waiting for a signal, then running once it arrives', () => {
    seq = 4;
    const waiting = play(ev('step_started', { step_id: 'b', attempt: 1, waits_for: 'signal' }));
    expect(waiting.steps.b.status).toBe('waiting');
    expect(applyEvent(waiting, ev('signal_received', { step_id: 'b', name: 'approval' })).steps.b.status).toBe('running');
  });

  it('settles open steps as skipped when the run ends, and keeps the error', () => {
    seq = 4;
    const r = play(ev('step_started', { step_id: 'b', attempt: 1 }),
      ev('execution_cancelled', { status: 'cancelled', error: { code: 'cancelled', message: 'by user' } }));
    expect(r.steps.b.status).toBe('skipped');
    expect(r.execution.error).toEqual({ code: 'cancelled', message: 'by user' });
  });

  it('keeps a log line once when /logs and the replay overlap', () => {
    seq = 4;
    const line = ev('log', { step_id: 'b', message: 'hi', level: 'info' });
    const r = applyEvent(initialRun(snapshot, [{ seq: line.data.seq, timestamp: '', step_id: 'b', level: 'info', message: 'hi' }]), line);
    expect(r.logs).toHaveLength(1);
  });
});

describe('what the run page says of steps', () => {
  const at = (s: number) => new Date(Date.parse('2026-11-22T10:00:00Z') + s * 1000).toISOString();
  it('times a signal wait from its start to its end, and a running step as it goes', () => {
    expect(stepDuration({ status: 'completed', duration_ms: 0, started_at: at(0), finished_at: at(12) }, 0)).toBe(12_000);
    expect(stepDuration({ status: 'completed', duration_ms: 35, started_at: at(0), finished_at: at(12) }, 0)).toBe(35);
    expect(stepDuration({ status: 'running', started_at: at(0) }, Date.parse(at(3)))).toBe(3000);
    expect(stepDuration({ status: 'pending' }, 0)).toBeUndefined();
    expect(formatDuration(12_000)).toBe('12.0 s');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });

  it('says a failed run failed, apart from what was skipped', () => {
    const text = progressText({ total_nodes: 6, completed_nodes: 1, failed_nodes: 1, skipped_nodes: 4, percentage: 100 });
    expect(text).toBe('1/6 steps completed · 1 failed · 4 skipped');
    expect(text).not.toMatch(/6\/6/);
  });

  it('lists only the selected step\'s log lines', () => {
    const r = initialRun(snapshot, [
      { seq: 1, timestamp: '', step_id: 'a', level: 'info', message: 'from a' },
      { seq: 2, timestamp: '', step_id: 'b', level: 'info', message: 'from b' },
      { seq: 3, timestamp: '', step_id: null, level: 'info', message: 'of the run' },
    ]);
    expect(logsOf(r, 'a').map((l) => l.message)).toEqual(['from a']);
    expect(logsOf(r, null)).toHaveLength(3);
  });
});

describe('the path a run took', () => {
  it('marks edges into steps that ran as taken and into skipped ones as not taken', () => {
    const run = initialRun({ ...snapshot, steps: {
      check: { status: 'completed' }, yes: { status: 'completed' }, no: { status: 'skipped' }, later: { status: 'running' },
    } }, []);
    expect(edgeTaken(run, 'check', 'yes', false)).toBe('taken');
    expect(edgeTaken(run, 'check', 'no', false)).toBe('not-taken');
    expect(edgeTaken(run, 'yes', 'later', false)).toBe('taken');
    expect(edgeTaken(run, 'later', 'end', false)).toBeUndefined();
    expect(edgeTaken(run, 'later', 'end', true)).toBe('not-taken');  // never reached by a finished run
  });
});
