// The form that starts a run, generated from the workflow's input_schema: one field per
// property (strings, numbers, booleans, enums; anything else as JSON), defaults filled in.
// Without properties it is a single JSON box.
import { useState } from 'react';
import type { JsonSchema } from '../api/types';
import { JsonField } from './ParameterForm';

export function initialInput(schema: JsonSchema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(schema?.properties ?? {})) if (p.default !== undefined) out[name] = p.default;
  return out;
}

/// Another way to start with the same input (a test run, the published version).
export interface InputAction { label: string; onSubmit: (input: unknown) => void }

/// `initial` (a pinned input) replaces the schema's defaults; with `onPin`, the form offers to
/// pin what is typed, and `pinned` says that the initial input is a pinned one.
export function InputForm({ schema, onSubmit, busy, submitLabel = 'Start run', more = [], initial, onPin, pinned = false }:
  { schema?: JsonSchema; onSubmit: (input: unknown) => void; busy?: boolean; submitLabel?: string; more?: InputAction[];
    initial?: unknown; onPin?: (input: Record<string, unknown> | null) => void; pinned?: boolean }) {
  const [value, setValue] = useState<Record<string, unknown>>(() =>
    (initial && typeof initial === 'object' && !Array.isArray(initial) ? { ...initial as Record<string, unknown> } : initialInput(schema)));
  const properties = Object.entries(schema?.properties ?? {});
  const required = new Set(schema?.required ?? []);
  const missing = [...required].filter((r) => value[r] === undefined || value[r] === '');
  const set = (name: string, v: unknown) => setValue((old) => {
    const next = { ...old };
    if (v === undefined || v === '') delete next[name];
    else next[name] = v;
    return next;
  });
  return (
    <form className="input-form" onSubmit={(e) => { e.preventDefault(); onSubmit(value); }}>
      {properties.length === 0 ? (
        <label className="field">
          <span className="field-label">Input (JSON)</span>
          <JsonField value={value} onChange={(v) => setValue((v as Record<string, unknown>) ?? {})} rows={6} />
        </label>
      ) : properties.map(([name, p]) => {
        const type = Array.isArray(p.type) ? p.type[0] : p.type;
        const label = <span className="field-label">{p.title ?? name}{required.has(name) ? <span className="required"> *</span> : null}</span>;
        let field;
        if (p.enum) {
          field = <select value={String(value[name] ?? '')} onChange={(e) => set(name, e.target.value)}><option value="" />{p.enum.map((o) => <option key={String(o)}>{String(o)}</option>)}</select>;
        } else if (type === 'boolean') {
          field = <input type="checkbox" checked={value[name] === true} onChange={(e) => set(name, e.target.checked)} />;
        } else if (type === 'number' || type === 'integer') {
          field = <input type="number" value={value[name] === undefined ? '' : String(value[name])} onChange={(e) => set(name, e.target.value === '' ? undefined : Number(e.target.value))} />;
        } else if (type === 'string' || type === undefined) {
          field = <input type="text" value={String(value[name] ?? '')} onChange={(e) => set(name, e.target.value)} />;
        } else {
          field = <JsonField value={value[name]} onChange={(v) => set(name, v)} />;
        }
        return <label key={name} className="field" data-testid={`input-${name}`}>{label}{field}{p.description ? <span className="hint">{p.description}</span> : null}</label>;
      })}
      <button type="submit" className="primary" disabled={busy || missing.length > 0} title={missing.length ? `required: ${missing.join(', ')}` : ''}>
        {submitLabel}
      </button>
      {more.map((a) => (
        <button key={a.label} type="button" disabled={busy || missing.length > 0} onClick={() => a.onSubmit(value)}>{a.label}</button>
      ))}
      {onPin ? (
        <span className="pin-input" data-testid="pin-input">
          {pinned ? <span className="hint">Starts from the pinned input. </span> : null}
          <button type="button" className="link" onClick={() => onPin(value)}>{pinned ? 'Pin this input instead' : 'Pin this input'}</button>
          {pinned ? <> · <button type="button" className="link" onClick={() => onPin(null)}>Unpin</button></> : null}
        </span>
      ) : null}
    </form>
  );
}
