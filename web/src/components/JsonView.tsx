// A JSON value as a tree that folds: objects and arrays open to two levels (long ones folded),
// each foldable on a click, and a filter that keeps only what matches (a key, a value or a
// path like body.items), opened so the match is in sight. Copy takes the whole value.
import { useMemo, useState } from 'react';

type Path = (string | number)[];

const pathText = (p: Path) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');

/// The paths (as text) of every node that matches `term`, and of their ancestors.
export function matchingPaths(value: unknown, term: string): Set<string> {
  const out = new Set<string>();
  const t = term.trim().toLowerCase();
  if (!t) return out;
  const walk = (v: unknown, p: Path): boolean => {
    let hit = pathText(p).toLowerCase().includes(t) || String(p[p.length - 1] ?? '').toLowerCase() === t;
    if (v !== null && typeof v === 'object') {
      for (const [k, c] of Array.isArray(v) ? v.map((c, i) => [i, c] as const) : Object.entries(v)) if (walk(c, [...p, k])) hit = true;
    } else if (JSON.stringify(v)?.toLowerCase().includes(t)) {
      hit = true;
    }
    if (hit) out.add(pathText(p));
    return hit;
  };
  walk(value, []);
  return out;
}

export function JsonView({ value, testId, searchable = true }: { value: unknown; testId?: string; searchable?: boolean }) {
  const [filter, setFilter] = useState('');
  const matches = useMemo(() => matchingPaths(value, filter), [value, filter]);
  const filtering = filter.trim() !== '';
  const big = value !== null && typeof value === 'object' && JSON.stringify(value).length > 100;
  return (
    <div className="json-view" data-testid={testId}>
      {searchable && big ? (
        <div className="json-tools">
          <input type="search" placeholder="Filter keys and values" aria-label="Filter JSON" value={filter} onChange={(e) => setFilter(e.target.value)} />
          {filtering ? <span className="hint">{matches.size ? `${matches.size - 1 > 0 ? matches.size - 1 : 1} matching` : 'no match'}</span> : null}
          <button className="link" onClick={() => navigator.clipboard?.writeText(JSON.stringify(value, null, 2))}>copy</button>
        </div>
      ) : null}
      <div className="json mono"><Node value={value} path={[]} depth={0} matches={filtering ? matches : null} /></div>
    </div>
  );
}

function Node({ value, path, depth, matches, name }: { value: unknown; path: Path; depth: number; matches: Set<string> | null; name?: string | number }) {
  const label = name === undefined ? null : <span className="json-key">{typeof name === 'number' ? `${name}` : JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== 'object') return <div className="json-leaf">{label}<span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span></div>;
  const entries = Array.isArray(value) ? value.map((c, i) => [i, c] as const) : Object.entries(value);
  const shown = matches ? entries.filter(([k]) => matches.has(pathText([...path, k]))) : entries;
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return <div className="json-leaf">{label}{open}{close}</div>;
  const startsOpen = matches !== null || depth < 2 && entries.length <= 50;
  return (
    <details open={startsOpen} className="json-node">
      <summary>{label}{open}<span className="hint"> {Array.isArray(value) ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`} </span></summary>
      <div className="json-children">
        {shown.map(([k, c]) => <Node key={String(k)} name={k} value={c} path={[...path, k]} depth={depth + 1} matches={matches} />)}
      </div>
      <div>{close}</div>
    </details>
  );
}
