// A step's config form, generated from its component's parameter metadata (type, required,
// default, options, description). Each text field says whether it is fixed or an expression
// (a switch, as in n8n), and a fixed value that reads like a path ("$.input.id") says that it
// is sent as that text. JSON fields keep what the user types until it parses.
import { useEffect, useState } from 'react';
import type { Parameter } from '../api/types';
import { useSecretNames } from '../components/secrets';
import { ExpressionInput } from './ExpressionInput';
import { literalPaths, modeOf, pathsAsExpressions, quote, store, switchMode, textOf, type Mode } from './valueMode';

type Config = Record<string, unknown>;

interface Props {
  parameters: Parameter[];
  value: Config;
  onChange: (config: Config) => void;
  /// Validation messages by parameter name, shown under their field.
  errors?: Record<string, string>;
}

export function ParameterForm({ parameters, value, onChange, errors = {} }: Props) {
  const [modes, setModes] = useState<Record<string, Mode>>({});
  const set = (name: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined || v === '') delete next[name];
    else next[name] = v;
    onChange(next);
  };
  if (!parameters.length) return <p className="hint">This step has no settings.</p>;
  return (
    <div className="param-form">
      {parameters.map((p) => {
        const takes = Boolean(p.expression);
        const switchable = p.type === 'string' || p.type === 'textarea' || p.type === 'number' || (p.type === 'json' && !takes);
        // An empty number field starts fixed (a number is what it mostly gets), other empty
        // fields that take expressions start as expressions, as they always were.
        const mode = !switchable ? 'fixed' : modes[p.name] ?? (value[p.name] === undefined && p.type === 'number' ? 'fixed' : modeOf(value[p.name], takes));
        const paths = mode === 'fixed' && (p.type === 'string' || p.type === 'textarea' || p.type === 'json') && !takes ? literalPaths(value[p.name]) : [];
        const toMode = (m: Mode) => {
          setModes({ ...modes, [p.name]: m });
          set(p.name, switchMode(value[p.name], m, takes));
        };
        return (
          <div key={p.name} className={errors[p.name] ? 'field has-error' : 'field'} data-testid={`param-${p.name}`}>
            <span className="field-label">
              <label htmlFor={`param-${p.name}`}>{p.label}</label>
              {p.required ? <span className="required" aria-label="required"> *</span> : null}
              {switchable ? <ModeSwitch mode={mode} onMode={toMode} /> : p.expression ? <span className="badge" title="expressions allowed: $.step.field">expr</span> : null}
            </span>
            {mode === 'expression' ? (
              <div className="expr-field">
                {takes ? null : <span className="expr-brace">{'{{'}</span>}
                <ExpressionInput id={`param-${p.name}`} placeholder="$.input.field" value={textOf(value[p.name], 'expression', takes)}
                  onChange={(t) => set(p.name, t === '' ? undefined : store(t, 'expression', takes))} />
                {takes ? null : <span className="expr-brace">{'}}'}</span>}
              </div>
            ) : takes && (p.type === 'string' || p.type === 'textarea') ? (
              // Fixed text in a field that takes expressions is stored as a quoted literal.
              <Field id={`param-${p.name}`} parameter={{ ...p, expression: false }} value={value[p.name] === undefined ? undefined : textOf(value[p.name], 'fixed', true)}
                onChange={(v) => set(p.name, typeof v === 'string' && v !== '' ? quote(v) : v)} />
            ) : (
              <Field id={`param-${p.name}`} parameter={switchable ? { ...p, expression: false } : p} value={value[p.name]} onChange={(v) => set(p.name, v)} />
            )}
            {paths.length ? (
              <span className="field-warning" data-testid={`literal-path-${p.name}`}>
                {paths.map((t) => `"${t}"`).join(', ')} {paths.length === 1 ? 'is' : 'are'} sent as fixed text, not read from the run.{' '}
                <button type="button" className="link" onClick={() => set(p.name, pathsAsExpressions(value[p.name]))}>Read {paths.length === 1 ? 'it' : 'them'} from the run</button>
              </span>
            ) : null}
            {errors[p.name] ? <span className="field-error" data-testid={`param-error-${p.name}`}>{errors[p.name]}</span> : null}
            {p.description ? <span className="hint">{p.description}</span> : null}
          </div>
        );
      })}
    </div>
  );
}

/// Fixed value or expression, for one field.
function ModeSwitch({ mode, onMode }: { mode: Mode; onMode: (m: Mode) => void }) {
  return (
    <span className="mode-switch" role="group" aria-label="Value kind">
      <button type="button" aria-pressed={mode === 'fixed'} onClick={() => mode !== 'fixed' && onMode('fixed')}>Fixed</button>
      <button type="button" aria-pressed={mode === 'expression'} onClick={() => mode !== 'expression' && onMode('expression')} title="computed from the run: $.input.field, $.step.output">Expression</button>
    </span>
  );
}

function Field({ id, parameter: p, value, onChange }: { id: string; parameter: Parameter; value: unknown; onChange: (v: unknown) => void }) {
  const placeholder = p.default !== undefined ? `default: ${JSON.stringify(p.default)}` : p.expression ? '$.input.field' : '';
  switch (p.type) {
    case 'boolean':
      return <input id={id} type="checkbox" checked={value === undefined ? p.default === true : value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'select':
      return (
        // The default is shown as the choice it is; choosing it again leaves the field unset.
        <select id={id} value={value === undefined ? String(p.default ?? '') : String(value)}
          onChange={(e) => onChange(e.target.value === '' || (p.default !== undefined && e.target.value === String(p.default)) ? undefined : e.target.value)}>
          {p.default === undefined ? <option value="">(none)</option> : null}
          {(p.options ?? []).map((o) => <option key={String(o)} value={String(o)}>{String(o)}{o === p.default ? ' (default)' : ''}</option>)}
        </select>
      );
    case 'number':
      return (
        <input id={id} type="text" inputMode="decimal" className={p.expression ? 'mono' : ''} placeholder={placeholder}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => {
            const t = e.target.value;
            onChange(t.trim() !== '' && !Number.isNaN(Number(t)) ? Number(t) : t);
          }} />
      );
    case 'textarea':
      return <textarea id={id} rows={4} className={p.expression ? 'mono' : ''} placeholder={placeholder} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value)} />;
    case 'secret':
      return <SecretField id={id} value={value} onChange={onChange} />;
    case 'json':
      return <JsonField id={id} value={value} onChange={onChange} placeholder={placeholder} expression={p.expression} />;
    default:
      return <input id={id} type="text" className={p.expression ? 'mono' : ''} placeholder={placeholder} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value)} />;
  }
}

/// A tenant secret's name, picked from the tenant's secrets (typed when they cannot be listed).
function SecretField({ id, value, onChange }: { id: string; value: unknown; onChange: (v: unknown) => void }) {
  const names = useSecretNames();
  const current = typeof value === 'string' ? value : '';
  if (names === null) return <input id={id} type="text" placeholder="the secret's name" value={current} onChange={(e) => onChange(e.target.value)} />;
  return (
    <>
      <select id={id} value={current} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">(choose a secret)</option>
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
        {current && !names.includes(current) ? <option value={current}>{current} (not found)</option> : null}
      </select>
      {current && !names.includes(current) ? <span className="field-error">No secret called "{current}": add it in Settings.</span> : null}
      {names.length === 0 ? <span className="hint">No secrets yet: <a href="#/settings">add one in Settings</a>.</span> : null}
    </>
  );
}

const looksLikeJson = (t: string) => /^\s*[[{"]/.test(t);

/// A JSON value typed as text: passed on once it parses, with the parse error shown until then.
/// A field that holds expressions takes text that is not JSON as an expression ("$.a.b").
export function JsonField({ id, value, onChange, placeholder, rows = 4, expression = false }:
  { id?: string; value: unknown; onChange: (v: unknown) => void; placeholder?: string; rows?: number; expression?: boolean }) {
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
      <textarea id={id} rows={rows} className="mono" placeholder={placeholder || 'JSON'} value={text}
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
