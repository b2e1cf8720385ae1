// The run as a timeline (as Temporal's): one row per step that started, a bar from its start
// to its end (or to now while it runs or waits), the time it took, and the run's whole length.
import type { Definition } from '../api/types';
import { formatDuration, stepDuration, type RunState } from './runState';

export function Timeline({ run, definition, now, selected, onSelect }:
  { run: RunState; definition: Definition; now: number; selected: string | null; onSelect: (id: string) => void }) {
  const x = run.execution;
  const start = Date.parse(x.started_at ?? x.created_at);
  const end = x.finished_at ? Date.parse(x.finished_at) : now;
  const span = Math.max(1, end - start);
  const rows = definition.steps
    .map((s) => ({ s, st: run.steps[s.id] }))
    .filter(({ st }) => st?.started_at)
    .sort((a, b) => Date.parse(a.st!.started_at!) - Date.parse(b.st!.started_at!));
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-head">
        <b>Timeline</b> <span className="hint" data-testid="run-duration">{formatDuration(Number.isNaN(start) ? undefined : end - start)} in all</span>
      </div>
      {rows.map(({ s, st }) => {
        const from = Date.parse(st!.started_at!) - start;
        const took = stepDuration(st, now) ?? 0;
        const length = st!.finished_at ? Date.parse(st!.finished_at) - Date.parse(st!.started_at!) : took;
        return (
          <button key={s.id} className={`timeline-row link ${selected === s.id ? 'selected' : ''}`} onClick={() => onSelect(s.id)} data-testid={`timeline-${s.id}`}>
            <span className="timeline-name">{s.name ?? s.id}</span>
            <span className="timeline-track">
              <span className={`timeline-bar ${st!.status}`} style={{ left: `${(100 * from) / span}%`, width: `${Math.max(0.5, (100 * length) / span)}%` }} />
            </span>
            <span className="hint timeline-took">{formatDuration(took)}</span>
          </button>
        );
      })}
      {rows.length === 0 ? <div className="hint">No step has started yet.</div> : null}
    </div>
  );
}
