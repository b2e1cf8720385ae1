// Positions for steps that have none (definitions written by hand or by the API), and the
// editor's "Tidy up": a layered layout — columns by distance from the entry steps, rows
// ordered by where each step's predecessors are, long chains wrapped into bands.
import type { Link, Step } from '../api/types';

export const columnWidth = 260;
export const rowHeight = 110;

export function layout(steps: Step[], links: Link[]): Record<string, { x: number; y: number }> {
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, string[]>();
  for (const l of links) {
    incoming.set(l.to, (incoming.get(l.to) ?? 0) + 1);
    outgoing.set(l.from, [...(outgoing.get(l.from) ?? []), l.to]);
  }
  // Longest distance from an entry, bounded so a cycle (an invalid draft) cannot loop forever.
  const depth = new Map<string, number>();
  const queue = steps.filter((s) => !incoming.get(s.id)).map((s) => s.id);
  for (const id of queue) depth.set(id, 0);
  for (let i = 0; i < queue.length && i < steps.length * steps.length + 1; i++) {
    const id = queue[i];
    for (const to of outgoing.get(id) ?? []) {
      const d = (depth.get(id) ?? 0) + 1;
      if (d > (depth.get(to) ?? -1) && d < steps.length) {
        depth.set(to, d);
        queue.push(to);
      }
    }
  }
  // Within a column, steps follow the mean row of the steps they come from (fewer crossings).
  const columns = new Map<number, Step[]>();
  for (const s of steps) {
    const c = depth.get(s.id) ?? 0;
    columns.set(c, [...(columns.get(c) ?? []), s]);
  }
  const rowOf = new Map<string, number>();
  const parents = new Map<string, string[]>();
  for (const l of links) parents.set(l.to, [...(parents.get(l.to) ?? []), l.from]);
  const count = Math.max(0, ...columns.keys()) + 1;
  let tallest = 1;
  for (let c = 0; c < count; c++) {
    const column = columns.get(c) ?? [];
    const key = (s: Step) => {
      const rows = (parents.get(s.id) ?? []).map((p) => rowOf.get(p)).filter((r): r is number => r !== undefined);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.POSITIVE_INFINITY;
    };
    const order = column.map((s, i) => ({ s, i, k: key(s) })).sort((a, b) => (a.k === b.k ? a.i - b.i : a.k - b.k));
    order.forEach(({ s }, row) => rowOf.set(s.id, row));
    tallest = Math.max(tallest, column.length);
  }
  // A long chain is wrapped into bands of columns, so it reads as a page rather than a line of
  // specks at the zoom that shows all of it.
  // Bands are chosen so the whole picture is about 3:2, the shape of a canvas.
  const perBand = count <= 8 ? count : Math.max(8, Math.ceil(Math.sqrt((1.5 * count * (tallest + 1) * rowHeight) / columnWidth)));
  const out: Record<string, { x: number; y: number }> = {};
  for (const s of steps) {
    const column = depth.get(s.id) ?? 0;
    const band = Math.floor(column / perBand);
    out[s.id] = { x: (column % perBand) * columnWidth, y: (band * (tallest + 1) + (rowOf.get(s.id) ?? 0)) * rowHeight };
  }
  return out;
}
