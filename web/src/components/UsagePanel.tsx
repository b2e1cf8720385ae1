// The tenant's plan and its meters (GET /api/tenants/me/usage): workflows, executions today
// and running executions against the plan's limits. Refreshed every 15 s.
import { useEffect, useState } from 'react';
import type { Api } from '../api/client';
import type { Usage } from '../api/types';

const names: Record<string, string> = {
  max_workflows: 'Workflows', max_executions_per_day: 'Runs today', max_concurrent_executions: 'Running',
};

export function UsagePanel({ api }: { api: Api }) {
  const [usage, setUsage] = useState<Usage | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let alive = true;
    const load = () => api.usage().then((u) => alive && setUsage(u)).catch(() => undefined);
    load();
    const t = setInterval(load, 15000);
    return () => { alive = false; clearInterval(t); };
  }, [api]);
  if (!usage) return null;
  return (
    <div className="usage">
      <button className="plan" onClick={() => setOpen(!open)} data-testid="usage-button">{usage.tier} plan</button>
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
