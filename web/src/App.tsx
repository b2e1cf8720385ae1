// The console's shell: sign-in, the tenant's catalogue of step types, the navigation and the
// page the URL names.
import { useEffect, useMemo, useState } from 'react';
import { Api, type Session } from './api/client';
import { Catalog, CatalogContext } from './components/catalog';
import { SecretsContext } from './components/secrets';
import { UsageContext, UsagePanel, useUsagePolling } from './components/UsagePanel';
import { SignIn, loadSession, saveSession } from './pages/SignIn';
import { WorkflowList } from './pages/WorkflowList';
import { Templates } from './pages/Templates';
import { Executions } from './pages/Executions';
import { RunView } from './pages/RunView';
import { Settings } from './pages/Settings';
import { Editor } from './editor/Editor';
import { useRoute } from './route';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const api = useMemo(() => (session ? new Api(session) : null), [session]);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState('');
  const route = useRoute();
  const usage = useUsagePolling(api);
  const secretNames = useMemo(() => () => (api ? api.secrets().then((r) => r.secrets.map((x) => x.name)) : Promise.resolve([])), [api]);

  const loadCatalog = () => {
    api?.components().then((r) => setCatalog(new Catalog(r.components))).catch((e) => {
      if (e.status === 401 || e.status === 403) signOut();
      else setError(e.message);
    });
  };
  useEffect(loadCatalog, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  function signOut() {
    location.hash = '#/workflows';  // another tenant may sign in next: start from the list
    saveSession(null);
    setSession(null);
    setCatalog(null);
  }

  if (!session || !api) return <SignIn onSignedIn={(s) => { saveSession(s); setSession(s); }} />;
  if (!catalog) return <div className="loading">{error || 'Loading…'}</div>;

  return (
    <CatalogContext.Provider value={catalog}>
     <SecretsContext.Provider value={secretNames}>
     <UsageContext.Provider value={usage}>
      <div className="shell">
        <header className="topbar">
          <a className="brand" href="#/workflows">Weft</a>
          <nav>
            <a href="#/workflows" className={route.page === 'workflows' || route.page === 'editor' ? 'active' : ''}>Workflows</a>
            <a href="#/templates" className={route.page === 'templates' ? 'active' : ''}>Templates</a>
            <a href="#/executions" className={route.page === 'executions' || route.page === 'run' ? 'active' : ''}>Executions</a>
            <a href="#/settings" className={route.page === 'settings' ? 'active' : ''}>Settings</a>
          </nav>
          <UsagePanel />
          <span className="who">tenant <b>{session.tenant}</b></span>
          <button onClick={signOut}>Sign out</button>
        </header>
        <main className="page">
          {route.page === 'workflows' && <WorkflowList api={api} />}
          {route.page === 'templates' && <Templates api={api} />}
          {route.page === 'editor' && <Editor key={route.id ?? 'new'} api={api} workflowId={route.id} />}
          {route.page === 'executions' && <Executions api={api} params={route.params} />}
          {route.page === 'settings' && <Settings api={api} onCatalogChanged={loadCatalog} />}
          {route.page === 'run' && route.id && <RunView key={route.id} api={api} executionId={route.id} />}
        </main>
      </div>
     </UsageContext.Provider>
     </SecretsContext.Provider>
    </CatalogContext.Provider>
  );
}
