// One step on the canvas: its name and type, the handles its component declares (a
// condition gets one per route), its validation problems and, in a run, its state.
import { memo } from 'react';
import { Handle, MarkerType, Position, type NodeProps } from '@xyflow/react';
import type { Component, HandleInfo } from '../api/types';
import { conditionHandle, type StepNode } from '../graph/convert';
import { useCatalog } from './catalog';

const side: Record<HandleInfo['position'], Position> = {
  left: Position.Left, right: Position.Right, top: Position.Top, bottom: Position.Bottom,
};

/// The output handles of a step: the component's, with a condition's routes expanded.
export function outputsOf(component: Component | undefined, config: Record<string, unknown> | undefined): HandleInfo[] {
  if (!component) return [{ id: 'out', type: 'source', position: 'right', label: 'Output' }];
  if (!component.dynamic_outputs) return component.output_handles;
  const conditions = Array.isArray(config?.conditions) ? (config!.conditions as Record<string, unknown>[]) : [];
  const routes: HandleInfo[] = conditions.map((c, i) => ({
    id: conditionHandle(c, i), type: 'source', position: 'right', label: (c?.label as string) || conditionHandle(c, i),
  }));
  return [...routes, ...component.output_handles];
}

function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const catalog = useCatalog();
  const { step, status, problems, highlight } = data;
  const component = catalog.get(step.type);
  const outputs = outputsOf(component, step.config);
  const right = outputs.filter((h) => h.position === 'right');
  const classes = ['step-node', status ? `status-${status}` : '', highlight ? `diff-${highlight}` : '',
    problems?.length ? 'has-problems' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-testid={`node-${step.id}`} data-status={status ?? ''} title={problems?.join('\n')}>
      {(component?.input_handles ?? [{ id: 'input', position: 'left' }]).map((h) => (
        <Handle key={h.id} id={h.id} type="target" position={side[h.position as HandleInfo['position']]} data-testid={`handle-${step.id}-${h.id}`} />
      ))}
      <div className={`step-stripe cat-${component?.category ?? 'custom'}`} />
      <div className="step-body">
        <div className="step-name">{step.name || step.id}</div>
        <div className="step-type">{component?.name ?? step.type}{status ? ` · ${status}` : ''}</div>
        {problems?.length ? <div className="step-problems" data-testid={`problems-${step.id}`}>{problems.length} problem{problems.length > 1 ? 's' : ''}: {problems[0]}</div> : null}
      </div>
      {right.map((h, i) => (
        <Handle key={h.id} id={h.id} type="source" position={Position.Right} title={h.label}
          style={{ top: `${((i + 1) * 100) / (right.length + 1)}%` }} data-testid={`handle-${step.id}-${h.id}`}>
          {right.length > 1 ? <span className="handle-label">{h.label}</span> : null}
        </Handle>
      ))}
      {outputs.filter((h) => h.position !== 'right').map((h) => (
        <Handle key={h.id} id={h.id} type="source" position={side[h.position]} title={h.label} className={`handle-${h.id}`} data-testid={`handle-${step.id}-${h.id}`} />
      ))}
    </div>
  );
}

export const nodeTypes = { step: memo(StepNodeView) };

/// Edges end in an arrow: which way a link goes is read at a glance.
export const edgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

const statusColors: Record<string, string> = {
  running: '#3b5bdb', waiting: '#7048e8', completed: '#2b8a3e', failed: '#c92a2a', retrying: '#e8590c', skipped: '#ced4da',
};

/// A step's colour on the minimap: its run state, its problems, else grey.
export function minimapColor(node: { data: Record<string, unknown> }): string {
  const { status, problems, highlight } = node.data as Partial<StepNode['data']>;
  if (status && statusColors[status]) return statusColors[status];
  if (problems?.length) return '#c92a2a';
  if (highlight === 'match') return '#fab005';
  return '#adb5bd';
}
