import { describe, expect, it } from 'vitest';
import type { Edge } from '@xyflow/react';
import type { StepNode } from '../graph/convert';
import { copySteps, pasteSteps } from './clipboard';
import { loadDraft, saveDraft, clearDraft } from './draft';
import { EditHistory, type Snapshot } from './history';

const node = (id: string, x = 0): StepNode => ({ id, type: 'step', position: { x, y: 0 }, data: { step: { id, type: 'log', config: { message: id } } } });
const snap = (...ids: string[]): Snapshot => ({ meta: { name: 'w' }, nodes: ids.map((i) => node(i)), edges: [] });

describe('undo and redo', () => {
  it('steps back and forward through changes, and a new change drops the redo', () => {
    const h = new EditHistory();
    h.record(snap(), 'add', 0);
    h.record(snap('a'), 'add', 5000);
    const back = h.undo(snap('a', 'b'));
    expect(back?.nodes.map((n) => n.id)).toEqual(['a']);
    expect(h.undo(back!)?.nodes).toEqual([]);
    expect(h.canUndo).toBe(false);
    expect(h.redo(snap())?.nodes.map((n) => n.id)).toEqual(['a']);
    h.record(snap('a'), 'add', 9000);
    expect(h.canRedo).toBe(false);
  });

  it('undoes typing in one field at once', () => {
    const h = new EditHistory();
    h.record(snap(), 'field:a.message', 0);
    h.record(snap('x'), 'field:a.message', 100);
    h.record(snap('y'), 'field:a.message', 200);
    expect(h.undo(snap('z'))?.nodes).toEqual([]);
    expect(h.canUndo).toBe(false);
  });
});

describe('copy and paste', () => {
  it('pastes steps under fresh ids with the edges between them renamed along', () => {
    const edges: Edge[] = [{ id: 'e-a-b-out', source: 'a', target: 'b', sourceHandle: 'out' }, { id: 'e-b-c-out', source: 'b', target: 'c', sourceHandle: 'out' }];
    const clip = copySteps([node('a'), node('b', 100), node('c')], edges, new Set(['a', 'b']))!;
    expect(clip.edges).toHaveLength(1);
    const pasted = pasteSteps(clip, ['a', 'b', 'c']);
    expect(pasted.nodes.map((n) => n.id)).toEqual(['a_2', 'b_2']);
    expect(pasted.nodes.map((n) => n.data.step.id)).toEqual(['a_2', 'b_2']);
    expect(pasted.nodes[1].position).toEqual({ x: 140, y: 40 });
    expect(pasted.edges).toEqual([expect.objectContaining({ id: 'e-a_2-b_2-out', source: 'a_2', target: 'b_2' })]);
  });
});

describe('the draft kept in the browser', () => {
  it('is there after a reload until it is cleared', () => {
    saveDraft('acme', 'wf_1', { definition: { name: 'x', steps: [] }, basedOn: 3, savedAt: 1 });
    expect(loadDraft('acme', 'wf_1')?.basedOn).toBe(3);
    expect(loadDraft('globex', 'wf_1')).toBeNull();
    clearDraft('acme', 'wf_1');
    expect(loadDraft('acme', 'wf_1')).toBeNull();
  });
});
