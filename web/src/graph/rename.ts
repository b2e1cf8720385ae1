// Renaming a step: its id changes on the canvas (node, links) and in every expression and
// template that reads it ($.old.x, $['old'].x), so the workflow means what it did.
import type { Edge } from '@xyflow/react';
import { edgeId, type StepNode } from './convert';

const stepIdPattern = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;
const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const reserved = new Set(['input', 'vars', 'item', 'execution']);

/// Why `id` cannot be the new id of step `from` (null when it can).
export function stepIdProblem(id: string, from: string, taken: Iterable<string>): string | null {
  if (id === from) return null;
  if (!id) return 'a step needs an id';
  if (id.length > 128) return 'at most 128 characters';
  if (!stepIdPattern.test(id)) return 'letters, digits and _ . : - (not first), no spaces';
  if (reserved.has(id) && id !== 'input') return `"${id}" is a reserved name in expressions`;
  if ([...taken].includes(id)) return `another step is called "${id}"`;
  return null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/// Every string in `value` with its references to step `from` made references to `to`.
export function renameReferences(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') {
    const as = identifier.test(to) ? `$.${to}` : `$['${to}']`;
    return value
      .replace(new RegExp(`\\$\\.${escape(from)}(?![A-Za-z0-9_])`, 'g'), as)
      .replace(new RegExp(`\\$\\[(['"])${escape(from)}\\1\\]`, 'g'), as);
  }
  if (Array.isArray(value)) return value.map((v) => renameReferences(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameReferences(v, from, to)]));
  return value;
}

/// The canvas with step `from` called `to`: its node, the links into and out of it, and the
/// references to it in every step's fields.
export function renameStep(nodes: StepNode[], edges: Edge[], from: string, to: string): { nodes: StepNode[]; edges: Edge[] } {
  return {
    nodes: nodes.map((n) => {
      const step = renameReferences(n.data.step, from, to) as StepNode['data']['step'];
      if (n.id !== from) return step === n.data.step ? n : { ...n, data: { ...n.data, step } };
      return { ...n, id: to, data: { ...n.data, step: { ...step, id: to } } };
    }),
    edges: edges.map((e) => {
      if (e.source !== from && e.target !== from) return e;
      const source = e.source === from ? to : e.source;
      const target = e.target === from ? to : e.target;
      return { ...e, id: edgeId(source, target, e.sourceHandle ?? 'out'), source, target };
    }),
  };
}
