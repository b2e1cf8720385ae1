// The step types, grouped by category, to drag onto the canvas (or click to add).
import { useState } from 'react';
import type { Component } from '../api/types';
import { useCatalog } from '../components/catalog';

export const dragType = 'application/weft-type';

export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const catalog = useCatalog();
  const [filter, setFilter] = useState('');
  const f = filter.toLowerCase();
  const shown = catalog.components.filter((c) => !f || c.name.toLowerCase().includes(f) || c.type.toLowerCase().includes(f) || c.category.includes(f));
  const groups = new Map<string, Component[]>();
  for (const c of shown) groups.set(c.category, [...(groups.get(c.category) ?? []), c]);
  return (
    <aside className="palette" aria-label="Step types">
      <input type="search" placeholder="Find a step type" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {[...groups].map(([category, items]) => (
        <div key={category} className="palette-group">
          <div className="palette-category">{category.replace(/_/g, ' ')}</div>
          {items.map((c) => (
            <div key={c.type} className={`palette-item cat-${c.category}`} draggable data-testid={`palette-${c.type}`} title={c.description}
              onDragStart={(e) => { e.dataTransfer.setData(dragType, c.type); e.dataTransfer.effectAllowed = 'move'; }}
              onDoubleClick={() => onAdd(c.type)}>
              <span className="palette-name">{c.name}</span>
              {c.tier !== 'basic' ? <span className="badge">{c.tier}</span> : null}
            </div>
          ))}
        </div>
      ))}
    </aside>
  );
}
