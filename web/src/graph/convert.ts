// A canonical definition <-> the editor's canvas. On the canvas every link is an edge with
// the handle it leaves by (docs/workflow-format.md, "Links and handles"); saving writes the
// links back as the definition declares them: a loop's body in config.body, an error route
// in on_error, everything else in the top-level `edges` list. Steps keep every other field.
import type { Edge, Node } from '@xyflow/react';
import type { Definition, Link, Step, WorkflowMeta } from '../api/types';
import { layout } from './layout';

export interface StepNodeData extends Record<string, unknown> {
  step: Step;                 // the step without its links
  status?: string;            // a run's state of the step (run view)
  problems?: string[];        // validation messages (editor)
  highlight?: 'added' | 'changed' | 'removed' | 'match';
}

export type StepNode = Node<StepNodeData, 'step'>;

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const isRoute = (onError: unknown) => typeof onError === 'string' && onError !== '' && onError !== 'fail' && onError !== 'continue';

export function edgeId(from: string, to: string, handle: string) {
  return `e-${from}-${to}-${handle}`;
}

/// Every link of a definition, with its handle.
export function linksOf(def: Definition): Link[] {
  const out: Link[] = [];
  for (const s of def.steps) {
    for (const to of list(s.next)) out.push({ from: s.id, to, handle: 'out' });
    const config = (s.config ?? {}) as Record<string, unknown>;
    if (s.type === 'condition') {
      const conditions = Array.isArray(config.conditions) ? (config.conditions as Record<string, unknown>[]) : [];
      conditions.forEach((c, i) => {
        for (const to of list(c?.next)) out.push({ from: s.id, to, handle: conditionHandle(c, i) });
      });
      for (const to of list(config.default)) out.push({ from: s.id, to, handle: 'default' });
    }
    if (s.type === 'loop' || s.type === 'foreach') for (const to of list(config.body)) out.push({ from: s.id, to, handle: 'body' });
    if (isRoute(s.on_error)) out.push({ from: s.id, to: s.on_error as string, handle: 'error' });
  }
  for (const e of def.edges ?? []) out.push({ from: e.from, to: e.to, handle: e.handle ?? 'out' });
  return out;
}

export function conditionHandle(c: Record<string, unknown> | undefined, i: number): string {
  return typeof c?.handle === 'string' && c.handle ? c.handle : `case_${i}`;
}

/// The step without the fields that declare links (they become edges).
function withoutLinks(s: Step): Step {
  const { next: _next, ...rest } = s;
  const step: Step = { ...rest, config: s.config ? structuredClone(s.config) : undefined };
  if (step.config === undefined) delete step.config;
  const config = step.config as Record<string, unknown> | undefined;
  if (config && s.type === 'condition') {
    if (Array.isArray(config.conditions)) {
      config.conditions = (config.conditions as Record<string, unknown>[]).map((c, i) => {
        const { next: _n, ...kept } = c ?? {};
        return { ...kept, handle: conditionHandle(c, i) };
      });
    }
    delete config.default;
  }
  if (config && (s.type === 'loop' || s.type === 'foreach')) delete config.body;
  if (isRoute(s.on_error)) delete step.on_error;
  return step;
}

export function toCanvas(def: Definition): { nodes: StepNode[]; edges: Edge[] } {
  const links = linksOf(def);
  const positions = layout(def.steps, links);
  const nodes: StepNode[] = def.steps.map((s) => ({
    id: s.id,
    type: 'step',
    position: s.position ?? positions[s.id],
    data: { step: withoutLinks(s) },
  }));
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const l of links) {
    const id = edgeId(l.from, l.to, l.handle ?? 'out');
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({ id, source: l.from, target: l.to, sourceHandle: l.handle ?? 'out', targetHandle: 'input' });
  }
  return { nodes, edges };
}

/// The definition a canvas stands for; `meta` gives the workflow's own fields. Links are
/// written where a person writing JSON would put them: `next` for a step's output, a
/// condition's route in its condition (`default` for the default route), a loop's body in
/// `config.body`, an error route in `on_error`. A link that fits none of these (a handle the
/// step does not have) goes to `edges`, so the validator can point at it.
export function toDefinition(meta: WorkflowMeta, nodes: StepNode[], edges: Edge[]): Definition {
  const steps: Step[] = nodes.map((n) => {
    const step: Step = structuredClone(n.data.step);
    step.position = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
    return step;
  });
  const byId = new Map(steps.map((s) => [s.id, s]));
  const targets = new Map<string, string[]>();  // "step\0handle" -> targets in drawing order
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    const key = `${e.source}\0${e.sourceHandle ?? 'out'}`;
    targets.set(key, [...(targets.get(key) ?? []), e.target]);
  }
  const one = (ids: string[]) => (ids.length === 1 ? ids[0] : ids);
  const leftovers: Link[] = [];
  for (const [key, to] of targets) {
    const [from, handle] = key.split('\0');
    const s = byId.get(from)!;
    const config = (s.config ?? {}) as Record<string, unknown>;
    const conditions = s.type === 'condition' && Array.isArray(config.conditions) ? (config.conditions as Record<string, unknown>[]) : [];
    const route = conditions.findIndex((c, i) => conditionHandle(c, i) === handle);
    if (handle === 'error') {
      s.on_error = to[to.length - 1];  // one error route per step: the last one drawn wins
    } else if (route >= 0) {
      conditions[route] = { ...conditions[route], next: one(to) };
    } else if (handle === 'default' && s.type === 'condition') {
      s.config = { ...config, default: one(to) };
    } else if (handle === 'body' && (s.type === 'loop' || s.type === 'foreach')) {
      s.config = { ...config, body: one(to) };
    } else if (handle === 'out' && s.type !== 'condition') {
      s.next = one(to);
    } else {
      for (const t of to) leftovers.push({ from, to: t, handle });
    }
  }
  const def: Definition = { ...structuredClone(meta), steps };
  if (leftovers.length) def.edges = leftovers;
  return def;
}

/// A fresh step id for a type: "log", "log_2", ...
export function freshId(type: string, taken: Iterable<string>): string {
  const ids = new Set(taken);
  const base = type.replace(/[^A-Za-z0-9_]/g, '_');
  if (!ids.has(base)) return base;
  for (let i = 2; ; i++) if (!ids.has(`${base}_${i}`)) return `${base}_${i}`;
}

/// The step a validation pointer ("/steps/3/config/url") is about, and the rest of it.
export function stepOfPointer(pointer: string | undefined, def: Definition): { stepId?: string; rest: string } {
  const m = /^\/steps\/(\d+)(.*)$/.exec(pointer ?? '');
  if (!m) return { rest: pointer ?? '' };
  return { stepId: def.steps[Number(m[1])]?.id, rest: m[2] };
}

/// The edges after a step's config changed from `before` to `after`: a condition route whose
/// handle was renamed (in the form or its JSON) takes its edges along, and the edges of a
/// route that is gone go too, so no edge is left on a handle the step no longer draws (it
/// would be in the definition yet invisible, with a problem no one could select).
export function edgesAfterStepChange(before: Step, after: Step, edges: Edge[]): Edge[] {
  if (after.type !== 'condition') return edges;
  const routes = (s: Step) => {
    const c = (s.config ?? {}) as Record<string, unknown>;
    return Array.isArray(c.conditions) ? (c.conditions as Record<string, unknown>[]).map((x, i) => conditionHandle(x, i)) : [];
  };
  const old = routes(before);
  const now = routes(after);
  const fixed = new Set(['default', 'error', 'out']);
  const renamed = new Map<string, string | null>();
  old.forEach((h, i) => { if (!now.includes(h)) renamed.set(h, i < now.length && !old.includes(now[i]) ? now[i] : null); });
  if (!renamed.size) return edges;
  const out: Edge[] = [];
  for (const e of edges) {
    const handle = e.sourceHandle ?? 'out';
    if (e.source !== after.id || fixed.has(handle) || !renamed.has(handle)) { out.push(e); continue; }
    const to = renamed.get(handle);
    if (to) out.push({ ...e, id: edgeId(e.source, e.target, to), sourceHandle: to });
  }
  return out;
}
