// Copy, paste and duplicate of steps: the chosen steps and the edges between them, pasted
// under fresh ids (edges renamed along) and shifted so the copy does not hide the original.
import type { Edge } from '@xyflow/react';
import { edgeId, freshId, type StepNode } from '../graph/convert';

export interface Clip {
  nodes: StepNode[];
  edges: Edge[];
}

export function copySteps(nodes: StepNode[], edges: Edge[], ids: Set<string>): Clip | null {
  const chosen = nodes.filter((n) => ids.has(n.id));
  if (!chosen.length) return null;
  return { nodes: structuredClone(chosen), edges: structuredClone(edges.filter((e) => ids.has(e.source) && ids.has(e.target))) };
}

export function pasteSteps(clip: Clip, taken: Iterable<string>, offset = 40): Clip {
  const used = new Set(taken);
  const ids = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = freshId(n.id.replace(/_\d+$/, ''), used);
    used.add(id);
    ids.set(n.id, id);
  }
  const nodes: StepNode[] = clip.nodes.map((n) => ({
    ...structuredClone(n), id: ids.get(n.id)!, selected: true,
    position: { x: n.position.x + offset, y: n.position.y + offset },
    data: { ...structuredClone(n.data), step: { ...structuredClone(n.data.step), id: ids.get(n.id)! }, status: undefined },
  }));
  const edges: Edge[] = clip.edges.map((e) => {
    const source = ids.get(e.source)!, target = ids.get(e.target)!;
    return { ...e, id: edgeId(source, target, e.sourceHandle ?? 'out'), source, target, selected: false };
  });
  return { nodes, edges };
}
