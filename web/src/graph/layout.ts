// Positions for steps that have none (definitions written by hand or by the API): columns by
// distance from the entry steps, rows in definition order.
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
  const rows = new Map<number, number>();
  const out: Record<string, { x: number; y: number }> = {};
  for (const s of steps) {
    const column = depth.get(s.id) ?? 0;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    out[s.id] = { x: column * columnWidth, y: row * rowHeight };
  }
  return out;
}
