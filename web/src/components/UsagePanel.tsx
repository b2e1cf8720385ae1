// The tenant's plan and its meters (GET /api/tenants/me/usage): workflows, executions today
// and running executions against the plan's limits. Read every 15 s and shared with the
// pages (the palette locks the step types the plan does not include).
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { Api } from '../api/client';
import type { Usage } from '../api/types';

export const UsageContext = createContext<Usage | null>(null);
export const useUsage = () => useContext(UsageContext);

export function useUsagePolling(api: Api | null): Usage | null {
  const [usage, setUsage] = useState<Usage | null>(null);
  useEffect(() => {
    if (!api) return;
    let alive = true;
    const load = () => api.usage().then((u) => alive && setUsage(u)).catch(() => undefined);
    load();
    const t = setInterval(load, 15000);
    return () => { alive = false; clearInterval(t); };
  }, [api]);
  return usage;
}

const names: Record<string, string> = {
  max_workflows: 'Workflows', max_executions_per_day: 'Runs today', max_concurrent_executions: 'Running',
};

export function UsagePanel() {
  const usage = useUsage();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // A popover closes on Esc and on a click anywhere else, as menus do.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    const onDown = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener('mousedown', onDown); };
  }, [open]);
  if (!usage) return null;
  return (
    <div className="usage" ref={root}>
      <button className="plan" onClick={() => setOpen(!open)} data-testid="usage-button" aria-expanded={open}>{usage.tier} plan</button>
      {open ? (
        <div className="usage-panel card" data-testid="usage-panel">
          {usage.meters.map((m) => {
            const pct = m.allowed ? Math.min(100, (100 * m.used) / m.allowed) : 0;
            return (
              <div key={m.limit} className="meter">
                <div className="meter-label">{names[m.limit] ?? m.limit}<span>{m.used}{m.allowed ? ` / ${m.allowed}` : ' (unlimited)'}</span></div>
                <div className="meter-bar"><div style={{ width: `${pct}%` }} className={pct >= 90 ? 'hot' : ''} /></div>
              </div>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
