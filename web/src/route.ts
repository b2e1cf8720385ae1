// The console's pages live in the URL's fragment (#/workflows/wf_1), so a reload or a shared
// link opens the same page and the server only ever serves index.html.
import { useEffect, useState } from 'react';

export interface Route {
  page: 'workflows' | 'editor' | 'executions' | 'run' | 'templates' | 'settings';
  id?: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, q = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(q);
  if (parts[0] === 'workflows' && parts[1]) return { page: 'editor', id: parts[1] === 'new' ? undefined : parts[1], params };
  if (parts[0] === 'executions' && parts[1]) return { page: 'run', id: parts[1], params };
  if (parts[0] === 'executions') return { page: 'executions', params };
  if (parts[0] === 'templates') return { page: 'templates', params };
  if (parts[0] === 'settings') return { page: 'settings', params };
  return { page: 'workflows', params };
}

export function go(path: string) {
  location.hash = path;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parseRoute(hash);
}
