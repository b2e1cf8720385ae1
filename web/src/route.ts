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

/// What a page that holds unsaved work says before the user leaves it (null: nothing to lose).
type LeaveGuard = () => string | null;
let leaveGuard: LeaveGuard | null = null;

/// Installs the page's guard; returns its removal. A page change (a link, back, go()) asks
/// first, and a reload or a closed tab gets the browser's own prompt.
export function guardLeaving(guard: LeaveGuard): () => void {
  leaveGuard = guard;
  const onUnload = (e: BeforeUnloadEvent) => {
    if (!guard()) return;
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', onUnload);
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
    window.removeEventListener('beforeunload', onUnload);
  };
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    let current = location.hash;
    const on = () => {
      if (location.hash === current) return;
      const why = leaveGuard?.();
      if (why && !window.confirm(why)) {
        history.replaceState(null, '', current || '#/');  // stay: the address goes back, the page never left
        return;
      }
      current = location.hash;
      setHash(current);
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parseRoute(hash);
}
