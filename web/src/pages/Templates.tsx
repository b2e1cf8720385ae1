// The template gallery: searched by name, description and tag; a template is previewed (its
// graph, its steps and the example it is tested with) before a workflow is made from it, and
// the new workflow's run form starts from that example. Templates the tenant's plan does not
// include are shown locked.
import { useEffect, useMemo, useState } from 'react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import type { Api } from '../api/client';
import type { Template, TemplateDetail } from '../api/types';
import { nodeTypes, edgeOptions } from '../components/StepNodeView';
import { exampleInput, pin } from '../editor/pinnedInput';
import { toCanvas } from '../graph/convert';
import { go } from '../route';

export function matchesTemplate(t: Template, term: string) {
  const q = term.trim().toLowerCase();
  return !q || [t.name, t.description, t.category, ...t.tags].some((s) => s.toLowerCase().includes(q));
}

export function Templates({ api }: { api: Api }) {
  const [templates, setTemplates] = useState<Template[]>([]);
  const [search, setSearch] = useState('');
  const [preview, setPreview] = useState<TemplateDetail | null>(null);
  const [error, setError] = useState('');
  useEffect(() => { api.templates().then((r) => setTemplates(r.templates)).catch((e) => setError(e.message)); }, [api]);
  const use = async (t: Template) => {
    try {
      const detail = preview?.id === t.id ? preview : await api.template(t.id);
      const w = await api.createFromTemplate(t.id);
      if (detail.example?.input !== undefined) pin(api.session.tenant, w.id, exampleInput(detail.example.input));
      go(`/workflows/${w.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const open = (t: Template) => api.template(t.id).then(setPreview).catch((e) => setError(e.message));
  const shown = templates.filter((t) => matchesTemplate(t, search));
  const canvas = useMemo(() => (preview ? toCanvas(preview.definition) : null), [preview]);
  return (
    <section className="list-page">
      <div className="list-toolbar">
        <h2>Templates</h2>
        <input type="search" placeholder="Search templates" aria-label="Search templates" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {error ? <div className="error">{error}</div> : null}
      {preview && canvas ? (
        <div className="template-preview" data-testid="template-preview">
          <div className="template-preview-head">
            <h3>{preview.name}</h3>
            <span className="spacer" />
            {preview.available === false ? <span className="hint">Not in your plan</span> : <button className="primary" onClick={() => use(preview)}>Use this template</button>}
            <button onClick={() => setPreview(null)}>Close</button>
          </div>
          <p>{preview.description}</p>
          <div className="template-preview-body">
            <div className="template-preview-canvas">
              <ReactFlowProvider>
                <ReactFlow nodes={canvas.nodes} edges={canvas.edges} nodeTypes={nodeTypes} defaultEdgeOptions={edgeOptions} fitView
                  nodesConnectable={false} nodesDraggable={false} proOptions={{ hideAttribution: true }} />
              </ReactFlowProvider>
            </div>
            <div>
              <h4>Steps</h4>
              <ol className="hint">{preview.definition.steps.map((s) => <li key={s.id}>{s.name ?? s.id} <span className="mono">({s.type})</span></li>)}</ol>
              {preview.example?.input !== undefined ? (
                <>
                  <h4>Example input</h4>
                  <pre className="json">{JSON.stringify(exampleInput(preview.example.input), null, 2)}</pre>
                  <p className="hint">The run form of the new workflow starts from it.</p>
                </>
              ) : null}
            </div>
          </div>
        </div>
      ) : null}
      <div className="cards">
        {shown.map((t) => (
          <div key={t.id} className={`card template ${t.available === false ? 'locked' : ''}`} data-testid={`template-${t.id}`}>
            <h3>{t.name}</h3>
            <p>{t.description}</p>
            <div className="tags">{t.tags.map((g) => <span key={g} className="tag">{g}</span>)}</div>
            <div className="row-actions">
              <button onClick={() => open(t)}>Preview</button>
              {t.available === false ? <span className="hint">Not in your plan</span>
                : <button onClick={() => use(t)}>Use template ({t.step_count} steps)</button>}
            </div>
          </div>
        ))}
        {shown.length === 0 ? <p className="hint">No template matches “{search}”.</p> : null}
      </div>
    </section>
  );
}
