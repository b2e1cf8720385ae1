import { describe, expect, it } from 'vitest';
import type { Edge } from '@xyflow/react';
import type { StepNode } from './convert';
import { renameReferences, renameStep, stepIdProblem } from './rename';

const node = (id: string, type: string, config: Record<string, unknown> = {}): StepNode =>
  ({ id, type: 'step', position: { x: 0, y: 0 }, data: { step: { id, type, config } } });

describe('renaming a step', () => {
  it('renames what reads it in expressions and templates, and nothing else', () => {
    expect(renameReferences('$.lookup.body.name', 'lookup', 'crm')).toBe('$.crm.body.name');
    expect(renameReferences("$['lookup'].x + $.lookup_2.y", 'lookup', 'crm')).toBe('$.crm.x + $.lookup_2.y');
    expect(renameReferences('Hi {{ $.lookup.name }}', 'lookup', 'crm-1')).toBe("Hi {{ $['crm-1'].name }}");
    expect(renameReferences({ a: ['$.lookup', 'lookup'] }, 'lookup', 'crm')).toEqual({ a: ['$.crm', 'lookup'] });
  });

  it('moves its links and the references of the other steps along', () => {
    const nodes = [node('lookup', 'http'), node('say', 'log', { message: '{{ $.lookup.status }}' })];
    const edges: Edge[] = [{ id: 'e-lookup-say-out', source: 'lookup', target: 'say', sourceHandle: 'out' }];
    const r = renameStep(nodes, edges, 'lookup', 'crm');
    expect(r.nodes.map((n) => n.id)).toEqual(['crm', 'say']);
    expect(r.nodes[0].data.step.id).toBe('crm');
    expect((r.nodes[1].data.step.config as Record<string, unknown>).message).toBe('{{ $.crm.status }}');
    expect(r.edges[0]).toMatchObject({ id: 'e-crm-say-out', source: 'crm', target: 'say' });
  });

  it('says why an id cannot be taken', () => {
    expect(stepIdProblem('say', 'lookup', ['lookup', 'say'])).toMatch(/another step/);
    expect(stepIdProblem('has space', 'lookup', [])).toMatch(/no spaces/);
    expect(stepIdProblem('vars', 'lookup', [])).toMatch(/reserved/);
    expect(stepIdProblem('crm.v2', 'lookup', ['lookup'])).toBeNull();
  });
});
