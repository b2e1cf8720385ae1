// The tenant's settings (tenant admins): secrets that steps read by name, custom step types
// backed by an HTTP endpoint, and the schedules that will start runs. Non-admins see why not.
import { useEffect, useState } from 'react';
import type { Api } from '../api/client';
import type { JsonSchema, Schedule } from '../api/types';
import { useCatalog } from '../components/catalog';
import { JsonField } from '../forms/ParameterForm';

export function Settings({ api, onCatalogChanged }: { api: Api; onCatalogChanged: () => void }) {
  return (
    <section className="list-page settings">
      <h2>Settings</h2>
      <Secrets api={api} />
      <CustomComponents api={api} onCatalogChanged={onCatalogChanged} />
      <Schedules api={api} />
    </section>
  );
}

function Secrets({ api }: { api: Api }) {
  const [items, setItems] = useState<{ name: string; updated_at: string }[]>([]);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const load = () => api.secrets().then((r) => { setItems(r.secrets); setError(''); }).catch((e) => setError(e.message));
  useEffect(() => { load(); }, [api]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await api.putSecret(name.trim(), value);
      setName('');
      setValue('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="card" data-testid="secrets">
      <h3>Secrets</h3>
      <p className="hint">Steps read them by name (an LLM's API key, an SMTP password, a custom component's token). Values are never shown again.</p>
      {error ? <div className="error" role="alert">{error}</div> : null}
      <table className="table">
        <tbody>
          {items.map((s) => (
            <tr key={s.name}><td className="mono">{s.name}</td><td className="hint">updated {new Date(s.updated_at).toLocaleString()}</td>
              <td><button className="danger" onClick={() => api.deleteSecret(s.name).then(load).catch((e) => setError(e.message))}>Delete</button></td></tr>
          ))}
          {items.length === 0 ? <tr><td className="hint">No secrets.</td></tr> : null}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={save}>
        <input placeholder="name" value={name} onChange={(e) => setName(e.target.value)} aria-label="Secret name" required />
        <input type="password" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} aria-label="Secret value" required autoComplete="new-password" />
        <button type="submit">Save secret</button>
      </form>
    </div>
  );
}

function CustomComponents({ api, onCatalogChanged }: { api: Api; onCatalogChanged: () => void }) {
  const catalog = useCatalog();
  const custom = catalog.components.filter((c) => c.tier === 'custom');
  const [type, setType] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [url, setUrl] = useState('');
  const [authSecret, setAuthSecret] = useState('');
  const [schema, setSchema] = useState<unknown>({ type: 'object', properties: {} });
  const [error, setError] = useState('');
  const register = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await api.putComponent(type.trim(), {
        name, description: description || undefined, config_schema: schema as JsonSchema,
        endpoint: { url, ...(authSecret ? { auth_secret: authSecret } : {}) },
      });
      setType('');
      setName('');
      setDescription('');
      setUrl('');
      setError('');
      onCatalogChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="card" data-testid="custom-components">
      <h3>Custom step types</h3>
      <p className="hint">A step of such a type POSTs its input and config to your endpoint; the JSON answer is its output; its timeout and retries are set as for any step.</p>
      {error ? <div className="error" role="alert">{error}</div> : null}
      <table className="table">
        <tbody>
          {custom.map((c) => (
            <tr key={c.type}><td className="mono">{c.type}</td><td>{c.name}</td><td className="mono hint">{c.endpoint?.url}</td>
              <td><button className="danger" onClick={() => api.deleteComponent(c.type).then(onCatalogChanged).catch((e) => setError(e.message))}>Delete</button></td></tr>
          ))}
          {custom.length === 0 ? <tr><td className="hint">None yet.</td></tr> : null}
        </tbody>
      </table>
      <form className="stack-form" onSubmit={register}>
        <label className="field"><span className="field-label">Type (a-z, 0-9, _)</span><input value={type} onChange={(e) => setType(e.target.value)} required aria-label="Component type" /></label>
        <label className="field"><span className="field-label">Name</span><input value={name} onChange={(e) => setName(e.target.value)} required aria-label="Component name" /></label>
        <label className="field"><span className="field-label">Description</span><input value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <label className="field"><span className="field-label">Endpoint URL</span><input value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://…" aria-label="Endpoint URL" /></label>
        <label className="field"><span className="field-label">Bearer token from secret (optional)</span><input value={authSecret} onChange={(e) => setAuthSecret(e.target.value)} aria-label="Auth secret" /></label>
        <label className="field"><span className="field-label">Config schema (JSON Schema: the form the editor shows)</span><JsonField value={schema} onChange={setSchema} rows={5} /></label>
        <button type="submit" className="primary">Register step type</button>
      </form>
    </div>
  );
}

function Schedules({ api }: { api: Api }) {
  const [items, setItems] = useState<Schedule[]>([]);
  const [error, setError] = useState('');
  useEffect(() => { api.schedules().then((r) => setItems(r.schedules)).catch((e) => setError(e.message)); }, [api]);
  return (
    <div className="card" data-testid="schedules">
      <h3>Schedules</h3>
      {error ? <div className="error">{error}</div> : null}
      <table className="table">
        <thead><tr><th>Workflow</th><th>Step</th><th>Cron</th><th>Zone</th><th>Next run</th></tr></thead>
        <tbody>
          {items.map((s) => (
            <tr key={`${s.workflow_id}.${s.step_id}`}><td><a href={`#/workflows/${s.workflow_id}`}>{s.workflow_id}</a></td><td>{s.step_id}</td>
              <td className="mono">{s.cron}</td><td>{s.timezone}</td><td>{s.next_run_at ? new Date(s.next_run_at).toLocaleString() : '—'}</td></tr>
          ))}
          {items.length === 0 ? <tr><td colSpan={5} className="hint">No schedule steps in any workflow.</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}
