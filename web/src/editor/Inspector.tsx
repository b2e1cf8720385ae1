// The form for the selected step (its name, its config from the component's parameters,
// error handling), or for the workflow itself when no step is selected.
import { useState } from 'react';
import type { Step, WorkflowMeta } from '../api/types';
import { useCatalog } from '../components/catalog';
import { JsonField, ParameterForm } from '../forms/ParameterForm';
import { fieldOf } from './useValidation';
import { stepIdProblem } from '../graph/rename';
import { ConditionBuilder } from './ConditionBuilder';

/// A step's problems by the config field they name (the first one per field).
function fieldErrors(problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const field = fieldOf(p);
    if (field && !out[field]) out[field] = p;
  }
  return out;
}

type Meta = WorkflowMeta;

interface Props {
  tenant: string;
  step: Step | null;
  problems: string[];
  onStep: (s: Step) => void;
  onDelete: () => void;
  onDuplicate: () => void;
  /// Renames the step, its links and every reference to it; `ids` are the steps' ids.
  onRename: (to: string) => void;
  ids: string[];
  meta: Meta;
  onMeta: (m: Meta) => void;
  general: string[];
}

export function Inspector({ tenant, step, problems, onStep, onDelete, onDuplicate, onRename, ids, meta, onMeta, general }: Props) {
  const catalog = useCatalog();
  if (!step) {
    return (
      <aside className="inspector" aria-label="Workflow settings">
        <h3>Workflow</h3>
        <label className="field"><span className="field-label">Name</span>
          <input value={meta.name} onChange={(e) => onMeta({ ...meta, name: e.target.value })} data-testid="workflow-name" /></label>
        <label className="field"><span className="field-label">Description</span>
          <textarea rows={2} value={meta.description ?? ''} onChange={(e) => onMeta({ ...meta, description: e.target.value || undefined })} /></label>
        <label className="field"><span className="field-label">Input schema (JSON Schema)</span>
          <JsonField value={meta.input_schema} onChange={(v) => onMeta({ ...meta, input_schema: v as Meta['input_schema'] })} rows={6} /></label>
        <label className="field"><span className="field-label">Settings (timeout_ms, retry, vars…)</span>
          <JsonField value={meta.settings} onChange={(v) => onMeta({ ...meta, settings: v as Meta['settings'] })} rows={4} /></label>
        {general.length ? <div className="problems" data-testid="general-problems">{general.map((p, i) => <div key={i}>{p}</div>)}</div> : null}
        <p className="hint">Select a step to edit it. Drag from a step's right edge to another step to connect them; Delete removes what is selected, Ctrl+Z brings it back; Ctrl+C, Ctrl+V and Ctrl+D copy, paste and duplicate steps.</p>
      </aside>
    );
  }
  const component = catalog.get(step.type);
  return (
    <aside className="inspector" aria-label="Step settings" data-testid="inspector">
      <h3>{component?.name ?? step.type} <span className="hint mono">{step.id}</span></h3>
      {component ? <p className="hint">{component.description}</p> : <p className="error">Unknown step type {step.type}</p>}
      {step.type === 'webhook' ? <WebhookAddress path={String((step.config as Record<string, unknown> | undefined)?.path ?? '')} tenant={tenant} /> : null}
      {problems.length ? <div className="problems" data-testid="inspector-problems">{problems.map((p, i) => <div key={i}>{p}</div>)}</div> : null}
      <label className="field"><span className="field-label">Name</span>
        <input value={step.name ?? ''} onChange={(e) => onStep({ ...step, name: e.target.value || undefined })} data-testid="step-name" /></label>
      <StepIdField key={step.id} id={step.id} ids={ids} onRename={onRename} />
      {step.type === 'condition' ? (
        <ConditionBuilder config={(step.config ?? {}) as Record<string, unknown>} onChange={(config) => onStep({ ...step, config })} />
      ) : (
        <ParameterForm parameters={component?.parameters ?? []} value={(step.config ?? {}) as Record<string, unknown>}
          onChange={(config) => onStep({ ...step, config })} errors={fieldErrors(problems)} />
      )}
      <details>
        <summary>Errors, timeout and retries</summary>
        <label className="field"><span className="field-label">On error</span>
          <select value={step.on_error === 'continue' ? 'continue' : 'fail'} onChange={(e) => onStep({ ...step, on_error: e.target.value === 'fail' ? undefined : e.target.value })}>
            <option value="fail">fail the run (or follow the Error handle)</option>
            <option value="continue">continue with the next steps</option>
          </select></label>
        <label className="field"><span className="field-label">Timeout per attempt (ms)</span>
          <input type="number" min={1} value={step.timeout_ms ?? ''} onChange={(e) => onStep({ ...step, timeout_ms: e.target.value ? Number(e.target.value) : undefined })} /></label>
        <label className="field"><span className="field-label">Retry policy</span>
          <JsonField value={step.retry} onChange={(v) => onStep({ ...step, retry: v as Step['retry'] })} placeholder='{"max_attempts": 3, "initial_interval_ms": 500}' /></label>
      </details>
      <div className="row">
        <button onClick={onDuplicate} title="Ctrl+D">Duplicate step</button>{' '}
        <button className="danger" onClick={onDelete} title="Delete (undo with Ctrl+Z)">Delete step</button>
      </div>
    </aside>
  );
}

/// The step's id, as expressions read it ($.id.field): renamed on Enter or when the field is
/// left, with its links and every reference to it.
function StepIdField({ id, ids, onRename }: { id: string; ids: string[]; onRename: (to: string) => void }) {
  const [text, setText] = useState(id);
  const problem = stepIdProblem(text.trim(), id, ids);
  const commit = () => { if (!problem && text.trim() !== id) onRename(text.trim()); };
  return (
    <label className="field"><span className="field-label">Id <span className="hint">(read as $.{id}; renaming updates the expressions that read it)</span></span>
      <input className="mono" value={text} aria-label="Step id" onChange={(e) => setText(e.target.value)} onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setText(id); }} />
      {problem ? <span className="field-error" data-testid="step-id-problem">{problem}</span> : null}
    </label>
  );
}

/// Where the outside world calls a webhook trigger (docs/api.md, Webhooks).
function WebhookAddress({ path, tenant }: { path: string; tenant: string }) {
  if (!path) return <p className="hint">Give it a path: it is called at POST {location.origin}/api/hooks/{tenant}/&lt;path&gt;.</p>;
  const url = `${location.origin}/api/hooks/${encodeURIComponent(tenant)}/${path.split('/').map(encodeURIComponent).join('/')}`;
  return (
    <div className="card webhook-url" data-testid="webhook-url">
      <div className="field-label">Called at (POST)</div>
      <code>{url}</code>
    </div>
  );
}
