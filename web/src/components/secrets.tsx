// The tenant's secret names (never values), for the fields that name one (`*_secret`): a
// picker rather than free text. Read when a form needs them; a caller who may not list
// secrets (not an admin) gets null and types the name.
import { createContext, useContext, useEffect, useState } from 'react';

export type SecretNames = () => Promise<string[]>;
export const SecretsContext = createContext<SecretNames>(() => Promise.reject(new Error('no secrets')));

export function useSecretNames(): string[] | null {
  const load = useContext(SecretsContext);
  const [names, setNames] = useState<string[] | null>(null);
  useEffect(() => {
    let alive = true;
    load().then((n) => alive && setNames(n)).catch(() => alive && setNames(null));
    return () => { alive = false; };
  }, [load]);
  return names;
}
