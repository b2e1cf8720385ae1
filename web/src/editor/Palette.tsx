// The step types, grouped by category, to drag onto the canvas, double-click, or reach with
// Tab and add with Enter (Enter in the search adds the first match): no mouse needed.
// Types the tenant's plan does not include are shown locked.
import { useState } from 'react';
import { planAllows, type Component } from '../api/types';
import { useCatalog } from '../components/catalog';
import { useUsage } from '../components/UsagePanel';

export const dragType = 'application/weft-type';

export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const catalog = useCatalog();
  const usage = useUsage();
  const [filter, setFilter] = useState('');
  const f = filter.toLowerCase();
  const shown = catalog.components.filter((c) => !f || c.name.toLowerCase().includes(f) || c.type.toLowerCase().includes(f) || c.category.includes(f));
  const groups = new Map<string, Component[]>();
  for (const c of shown) groups.set(c.category, [...(groups.get(c.category) ?? []), c]);
  return (
    <aside className="palette" aria-label="Step types">
      <input type="search" placeholder="Find a step type" aria-label="Find a step type" value={filter} onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          const first = shown.find((c) => planAllows(usage?.limits.step_classes, c.tier));
          if (e.key === 'Enter' && f && first) onAdd(first.type);
        }} />
      {[...groups].map(([category, items]) => (
        <div key={category} className="palette-group">
          <div className="palette-category">{category.replace(/_/g, ' ')}</div>
          {items.map((c) => {
            const allowed = planAllows(usage?.limits.step_classes, c.tier);
            return (
              <div key={c.type} className={`palette-item cat-${c.category}${allowed ? '' : ' locked'}`} draggable={allowed} data-testid={`palette-${c.type}`}
                title={allowed ? c.description : `Not in the ${usage?.tier} plan: ${c.tier} steps need an upgrade`} aria-disabled={!allowed}
                onDragStart={(e) => { e.dataTransfer.setData(dragType, c.type); e.dataTransfer.effectAllowed = 'move'; }}
                role="button" tabIndex={allowed ? 0 : -1} aria-label={`Add ${c.name}`}
                onKeyDown={(e) => { if (allowed && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); onAdd(c.type); } }}
                onDoubleClick={() => allowed && onAdd(c.type)}>
                <span className="palette-name">{c.name}</span>
                {!allowed ? <span className="badge">upgrade</span> : c.tier !== 'basic' ? <span className="badge">{c.tier}</span> : null}
              </div>
            );
          })}
        </div>
      ))}
    </aside>
  );
}
