// A step's config form, generated from its component's parameter metadata (type, required,
// default, options, description). Fields that hold expressions take any text; JSON fields
// keep what the user types until it parses.
import { useEffect, useState } from 'react';
import type { Parameter } from '../api/types';

type Config = Record<string, unknown>;

interface Props {
  parameters: Parameter[];
  value: Config;
  onChange: (config: Config) => void;
  /// Validation messages by parameter name, shown under their field.
  errors?: Record<string, string>;
}

export function ParameterForm({ parameters, value, onChange, errors = {} }: Props) {
  const set = (name: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined || v === '') delete next[name];
    else next[name] = v;
    onChange(next);
  };
  if (!parameters.length) return <p className="hint">This step has no settings.</p>;
  return (
    <div className="param-form">
      {parameters.map((p) => (
        <label key={p.name} className={errors[p.name] ? 'field has-error' : 'field'} data-testid={`param-${p.name}`}>
          <span className="field-label">
            {p.label}
            {p.required ? <span className="required" aria-label="required"> *</span> : null}
            {p.expression ? <span className="badge" title="expressions allowed: $.step.field">expr</span> : null}
          </span>
          <Field parameter={p} value={value[p.name]} onChange={(v) => set(p.name, v)} />
          {errors[p.name] ? <span className="field-error" data-testid={`param-error-${p.name}`}>{errors[p.name]}</span> : null}
          {p.description ? <span className="hint">{p.description}</span> : null}
        </label>
      ))}
    </div>
  );
}

function Field({ parameter: p, value, onChange }: { parameter: Parameter; value: unknown; onChange: (v: unknown) => void }) {
  const placeholder = p.default !== undefined ? `default: ${JSON.stringify(p.default)}` : p.expression ? '$.input.field' : '';
  switch (p.type) {
    case 'boolean':
      return <input type="checkbox" checked={value === undefined ? p.default === true : value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'select':
      return (
        // The default is shown as the choice it is; choosing it again leaves the field unset.
        <select value={value === undefined ? String(p.default ?? '') : String(value)}
          onChange={(e) => onChange(e.target.value === '' || (p.default !== undefined && e.target.value === String(p.default)) ? undefined : e.target.value)}>
          {p.default === undefined ? <option value="">(none)</option> : null}
          {(p.options ?? []).map((o) => <option key={String(o)} value={String(o)}>{String(o)}{o === p.default ? ' (default)' : ''}</option>)}
        </select>
      );
    case 'number':
      return (
        <input type="text" inputMode="decimal" className={p.expression ? 'mono' : ''} placeholder={placeholder}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => {
            const t = e.target.value;
            onChange(t.trim() !== '' && !Number.isNaN(Number(t)) ? Number(t) : t);
          }} />
      );
    case 'textarea':
      return <textarea rows={4} className={p.expression ? 'mono' : ''} placeholder={placeholder} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value)} />;
    case 'json':
      return <JsonField value={value} onChange={onChange} placeholder={placeholder} expression={p.expression} />;
    default:
      return <input type="text" className={p.expression ? 'mono' : ''} placeholder={placeholder} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value)} />;
  }
}

const looksLikeJson = (t: string) => /^\s*[[{"]/.test(t);

/// A JSON value typed as text: passed on once it parses, with the parse error shown until then.
/// A field that holds expressions takes text that is not JSON as an expression ("$.a.b").
export function JsonField({ value, onChange, placeholder, rows = 4, expression = false }:
  { value: unknown; onChange: (v: unknown) => void; placeholder?: string; rows?: number; expression?: boolean }) {
  const shown = value === undefined ? '' : expression && typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState('');
  useEffect(() => {
    // Follow changes made elsewhere (undo, another node selected), not our own typing.
    setText((t) => {
      try {
        if (t.trim() && JSON.stringify(JSON.parse(t)) === JSON.stringify(value)) return t;
      } catch {
        if (expression && t === value) return t;  // an expression the user is typing
      }
      return shown;
    });
  }, [shown]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <textarea rows={rows} className="mono" placeholder={placeholder || 'JSON'} value={text}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (!t.trim()) {
            setError('');
            return onChange(undefined);
          }
          try {
            const parsed = JSON.parse(t);
            setError('');
            onChange(parsed);
          } catch (err) {
            // Text that starts like JSON is JSON being written: say where it breaks rather than
            // passing it on as an expression the server will refuse for its type.
            if (expression && !looksLikeJson(t)) {
              setError('');
              onChange(t);
            } else {
              setError((err as Error).message);
            }
          }
        }} />
      {error ? <span className="field-error" data-testid="json-error">not JSON yet: {error}</span> : null}
    </>
  );
}
