// The template gallery: a click makes a workflow from the template and opens it. Templates
// the tenant's plan does not include are shown locked.
import { useEffect, useState } from 'react';
import type { Api } from '../api/client';
import type { Template } from '../api/types';
import { go } from '../route';

export function Templates({ api }: { api: Api }) {
  const [templates, setTemplates] = useState<Template[]>([]);
  const [error, setError] = useState('');
  useEffect(() => { api.templates().then((r) => setTemplates(r.templates)).catch((e) => setError(e.message)); }, [api]);
  const use = async (t: Template) => {
    try {
      const w = await api.createFromTemplate(t.id);
      go(`/workflows/${w.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="list-page">
      <h2>Templates</h2>
      {error ? <div className="error">{error}</div> : null}
      <div className="cards">
        {templates.map((t) => (
          <div key={t.id} className={`card template ${t.available === false ? 'locked' : ''}`} data-testid={`template-${t.id}`}>
            <h3>{t.name}</h3>
            <p>{t.description}</p>
            <div className="tags">{t.tags.map((g) => <span key={g} className="tag">{g}</span>)}</div>
            {t.available === false ? <span className="hint">Not in your plan</span>
              : <button onClick={() => use(t)}>Use template ({t.step_count} steps)</button>}
          </div>
        ))}
      </div>
    </section>
  );
}
