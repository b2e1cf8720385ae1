// The last test run, under the canvas it ran from: its status, each step's state and time,
// the selected step's input and output, the run's output or error, and a way to run it again
// with the same input. The canvas stays as it is: nothing here leaves the editor.
import type { Definition } from '../api/types';
import { JsonView } from '../components/JsonView';
import { formatDuration, logsOf, progressText, stepDuration, stepInput, type RunState } from '../run/runState';

interface Props {
  run: RunState | null;
  error: string;
  definition: Definition;      // what the run ran
  selected: string | null;
  onSelect: (stepId: string) => void;
  onRerun: () => void;
  onClose: () => void;
}

export function TestRunPanel({ run, error, definition, selected, onSelect, onRerun, onClose }: Props) {
  const x = run?.execution;
  const step = selected && run ? run.steps[selected] : undefined;
  const ran = definition.steps.some((s) => s.id === selected);
  return (
    <section className="test-run card" aria-label="Test run" data-testid="test-run">
      <header>
        <b>Test run</b>
        {x ? <span className={`pill ${x.status}`} data-testid="test-run-status">{x.status}</span> : <span className="hint">starting…</span>}
        {x ? <span className="hint">{progressText(x.progress)}</span> : null}
        <span className="spacer" />
        {x ? <a href={`#/executions/${x.execution_id}`} className="mono">{x.execution_id}</a> : null}
        <button onClick={onRerun} disabled={!x}>Run again with this input</button>
        <button onClick={onClose} aria-label="Close the test run">×</button>
      </header>
      {error ? <div className="error">{error}</div> : null}
      {run && x ? (
        <div className="test-run-body">
          <ol className="test-run-steps">
            {definition.steps.map((s) => {
              const st = run.steps[s.id];
              return (
                <li key={s.id} className={selected === s.id ? 'selected' : ''}>
                  <button className="link" onClick={() => onSelect(s.id)} data-testid={`test-step-${s.id}`}>
                    <span className={`dot ${st?.status ?? 'pending'}`} /> {s.name ?? s.id}
                    <span className="hint"> {st?.status ?? 'pending'} · {formatDuration(stepDuration(st, Date.now()))}</span>
                  </button>
                </li>
              );
            })}
          </ol>
          <div className="test-run-detail">
            {selected && ran ? (
              <>
                <h4>{selected}: input</h4>{stepInput(definition, run, selected) !== undefined ? <JsonView value={stepInput(definition, run, selected)} /> : <pre>—</pre>}
                <h4>Output</h4>{step?.output !== undefined ? <JsonView value={step.output} testId="test-step-output" /> : <pre data-testid="test-step-output">—</pre>}
                {step?.error ? <><h4>Error</h4><pre className="error">{step.error.code}: {step.error.message}</pre></> : null}
              </>
            ) : (
              <>
                <h4>Output</h4>{x.output !== undefined && x.output !== null ? <JsonView value={x.output} testId="test-run-output" /> : <pre data-testid="test-run-output">—</pre>}
                {x.error ? <><h4>Error</h4><pre className="error">{x.error.code}: {x.error.message}</pre></> : null}
              </>
            )}
            <h4>Logs</h4>
            <div className="logs" data-testid="test-run-logs">
              {logsOf(run, selected && ran ? selected : null).map((l) => <div key={l.seq} className={`log ${l.level}`}>{l.step_id ? <b>{l.step_id}</b> : null} {l.message}</div>)}
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}
