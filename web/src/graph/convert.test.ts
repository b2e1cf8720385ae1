import { describe, expect, it } from 'vitest';
import type { Definition, Step } from '../api/types';
import { edgeId, edgesAfterStepChange, freshId, linksOf, stepOfPointer, toCanvas, toDefinition } from './convert';

const meta = { name: 'Routing' };

const routing: Definition = {
  ...meta,
  steps: [
    { id: 'input', type: 'input', next: 'check', position: { x: 0, y: 0 } },
    { id: 'check', type: 'condition', position: { x: 260, y: 0 },
      config: { conditions: [{ condition: '$.input.n > 10', next: 'big', label: 'big' }, { condition: '$.input.n > 5', handle: 'mid', next: ['mid', 'note'] }], default: 'small' } },
    { id: 'big', type: 'http', on_error: 'small', config: { url: 'http://x' }, position: { x: 520, y: 0 } },
    { id: 'mid', type: 'log', config: { message: 'mid' }, next: 'each', position: { x: 520, y: 110 } },
    { id: 'note', type: 'log', config: { message: 'note' }, position: { x: 520, y: 220 } },
    { id: 'each', type: 'loop', config: { items: '$.input.items', body: 'item' }, position: { x: 780, y: 110 } },
    { id: 'item', type: 'log', config: { message: '{{ $.item }}' }, next: 'each', position: { x: 1040, y: 110 } },
    { id: 'small', type: 'output', config: { value: '$.input' }, position: { x: 780, y: 0 } },
  ],
};

describe('canvas <-> definition', () => {
  it('draws every kind of link as an edge leaving by its handle', () => {
    const { nodes, edges } = toCanvas(routing);
    expect(nodes.map((n) => n.id)).toEqual(routing.steps.map((s) => s.id));
    expect(edges.map((e) => `${e.source}-${e.sourceHandle}->${e.target}`).sort()).toEqual([
      'big-error->small', 'check-case_0->big', 'check-default->small', 'check-mid->mid', 'check-mid->note',
      'each-body->item', 'input-out->check', 'item-out->each', 'mid-out->each',
    ]);
    // The nodes hold the steps without the link fields the edges now stand for.
    const check = nodes.find((n) => n.id === 'check')!.data.step;
    expect(check.config).toEqual({ conditions: [{ condition: '$.input.n > 10', label: 'big', handle: 'case_0' }, { condition: '$.input.n > 5', handle: 'mid' }] });
    expect(nodes.find((n) => n.id === 'big')!.data.step.on_error).toBeUndefined();
    expect(nodes.find((n) => n.id === 'each')!.data.step.config).toEqual({ items: '$.input.items' });
  });

  it('writes the links back where they were declared', () => {
    const { nodes, edges } = toCanvas(routing);
    const back = toDefinition(meta, nodes, edges);
    expect(back.edges).toBeUndefined();
    expect(linksOf(back).map((l) => `${l.from}-${l.handle}->${l.to}`).sort()).toEqual(linksOf(routing).map((l) => `${l.from}-${l.handle}->${l.to}`).sort());
    const check = back.steps.find((s) => s.id === 'check')!;
    expect(check.config).toEqual({
      conditions: [{ condition: '$.input.n > 10', label: 'big', handle: 'case_0', next: 'big' }, { condition: '$.input.n > 5', handle: 'mid', next: ['mid', 'note'] }],
      default: 'small',
    });
    expect(back.steps.find((s) => s.id === 'big')!.on_error).toBe('small');
    expect(back.steps.find((s) => s.id === 'each')!.config).toEqual({ items: '$.input.items', body: 'item' });
    expect(back.steps.find((s) => s.id === 'input')!.next).toBe('check');
  });

  it('keeps a handle the step does not have in edges, for the validator to point at', () => {
    const { nodes } = toCanvas(routing);
    const back = toDefinition(meta, nodes, [{ id: 'x', source: 'input', target: 'small', sourceHandle: 'body' }]);
    expect(back.edges).toEqual([{ from: 'input', to: 'small', handle: 'body' }]);
  });

  it('places steps without a position in columns by distance from the entry', () => {
    const { nodes } = toCanvas({ name: 'x', steps: [{ id: 'a', type: 'input', next: ['b', 'c'] }, { id: 'b', type: 'log', next: 'd' }, { id: 'c', type: 'log', next: 'd' }, { id: 'd', type: 'output' }] });
    const at = Object.fromEntries(nodes.map((n) => [n.id, n.position]));
    expect(at.a.x).toBeLessThan(at.b.x);
    expect(at.b.x).toBe(at.c.x);
    expect(at.b.y).not.toBe(at.c.y);
    expect(at.d.x).toBeGreaterThan(at.b.x);
  });

  it('survives a cycle in a draft without hanging', () => {
    const { nodes } = toCanvas({ name: 'x', steps: [{ id: 'a', type: 'log', next: 'b' }, { id: 'b', type: 'log', next: 'a' }] });
    expect(nodes).toHaveLength(2);
  });

  it('names new steps after their type, uniquely', () => {
    expect(freshId('log', [])).toBe('log');
    expect(freshId('log', ['log', 'log_2'])).toBe('log_3');
    expect(freshId('my-type', [])).toBe('my_type');
  });

  it('finds the step a validation pointer is about', () => {
    expect(stepOfPointer('/steps/2/config/url', routing)).toEqual({ stepId: 'big', rest: '/config/url' });
    expect(stepOfPointer('/name', routing)).toEqual({ rest: '/name' });
    expect(stepOfPointer(undefined, routing)).toEqual({ rest: '' });
  });
});

describe('a condition whose routes change', () => {
  const cond = (handles: string[]): Step => ({ id: 'c', type: 'condition', config: { conditions: handles.map((h) => ({ condition: 'true', handle: h })) } });
  const edge = (handle: string, target: string) => ({ id: edgeId('c', target, handle), source: 'c', target, sourceHandle: handle, targetHandle: 'input' });

  it('moves the edges of a renamed route to its new handle, and drops those of a removed one', () => {
    const edges = [edge('case_0', 'a'), edge('case_1', 'b'), edge('default', 'z')];
    const renamed = edgesAfterStepChange(cond(['case_0', 'case_1']), cond(['vip', 'case_1']), edges);
    expect(renamed.map((e) => `${e.sourceHandle}->${e.target}`)).toEqual(['vip->a', 'case_1->b', 'default->z']);
    expect(renamed[0].id).toBe(edgeId('c', 'a', 'vip'));
    const removed = edgesAfterStepChange(cond(['case_0', 'case_1']), cond(['case_0']), edges);
    expect(removed.map((e) => `${e.sourceHandle}->${e.target}`)).toEqual(['case_0->a', 'default->z']);
  });

  it('writes the renamed route into the definition with its target', () => {
    const after = cond(['vip']);
    const edges = edgesAfterStepChange(cond(['case_0']), after, [edge('case_0', 'a')]);
    const def = toDefinition({ name: 'x' }, [{ id: 'c', type: 'step', position: { x: 0, y: 0 }, data: { step: after } },
      { id: 'a', type: 'step', position: { x: 0, y: 0 }, data: { step: { id: 'a', type: 'log' } } }], edges);
    expect(def.edges).toBeUndefined();
    expect((def.steps[0].config as { conditions: { next: string }[] }).conditions[0].next).toBe('a');
  });
});
