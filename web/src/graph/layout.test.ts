import { describe, expect, it } from 'vitest';
import type { Link, Step } from '../api/types';
import { columnWidth, layout, rowHeight } from './layout';

const chain = (n: number) => {
  const steps: Step[] = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, type: 'log' }));
  const links: Link[] = steps.slice(1).map((s, i) => ({ from: `s${i}`, to: s.id, handle: 'out' }));
  return { steps, links };
};

describe('the layered layout', () => {
  it('lays a 67-step chain out as a page, not one long row, with no two steps on one place', () => {
    const { steps, links } = chain(67);
    const at = layout(steps, links);
    const xs = Object.values(at).map((p) => p.x), ys = Object.values(at).map((p) => p.y);
    const width = Math.max(...xs) + columnWidth, height = Math.max(...ys) + rowHeight;
    expect(width / height).toBeLessThan(4);
    expect(new Set(Object.values(at).map((p) => `${p.x},${p.y}`)).size).toBe(67);
  });

  it('keeps a short flow in one band, each step right of the ones it comes from', () => {
    const steps: Step[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, type: 'log' }));
    const links: Link[] = [{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'c', to: 'd' }];
    const at = layout(steps, links);
    expect(at.b.x).toBeGreaterThan(at.a.x);
    expect(at.d.x).toBeGreaterThan(at.c.x);
    expect(at.b.x).toBe(at.c.x);
    expect(at.b.y).not.toBe(at.c.y);
  });
});
