// Sign-in with a token and tenant; in dev mode the server hands the console a token, so the
// form comes filled in. The session is kept in this browser until "Sign out".
import { useEffect, useState } from 'react';
import { Api, consoleSession, type Session } from '../api/client';

const key = 'weft.session';

export function loadSession(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(key) ?? 'null');
    return s && typeof s.token === 'string' && typeof s.tenant === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null) {
  if (s) localStorage.setItem(key, JSON.stringify(s));
  else localStorage.removeItem(key);
}

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [tenant, setTenant] = useState('');
  const [dev, setDev] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    consoleSession().then((s) => {
      if (s.mode === 'dev' && s.token && s.tenant_id) {
        setToken(s.token);
        setTenant(s.tenant_id);
        setDev(true);
      }
    }).catch(() => undefined);
  }, []);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    const session = { token: token.trim(), tenant: tenant.trim() };
    try {
      await new Api(session).me();
      onSignedIn(session);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="signin">
      <form onSubmit={submit} className="card">
        <h1>Weft</h1>
        <p className="hint">{dev ? 'Dev mode: the token of tenant "dev" is filled in.' : 'Paste a token (weft token --tenant T --user U) and its tenant.'}</p>
        <label className="field"><span className="field-label">Tenant</span>
          <input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} required autoComplete="username" /></label>
        <label className="field"><span className="field-label">Token</span>
          <textarea name="token" rows={4} className="mono" value={token} onChange={(e) => setToken(e.target.value)} required /></label>
        {error ? <div className="error" role="alert">{error}</div> : null}
        <button type="submit" className="primary" disabled={busy || !token || !tenant}>Sign in</button>
      </form>
    </div>
  );
}
