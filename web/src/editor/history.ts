// Undo and redo of the editor's work: snapshots of what the canvas stands for (the workflow's
// own fields, its steps, its edges) taken before each change. Changes of one kind made in
// quick succession (typing in one field, one drag) are one step back, as in every editor.
import type { Edge } from '@xyflow/react';
import type { WorkflowMeta } from '../api/types';
import type { StepNode } from '../graph/convert';

export interface Snapshot {
  meta: WorkflowMeta;
  nodes: StepNode[];
  edges: Edge[];
}

const coalesceMs = 800;
const depth = 200;

export class EditHistory {
  private past: Snapshot[] = [];
  private future: Snapshot[] = [];
  private last: { kind: string; at: number } | null = null;

  /// Called before a change with the state it changes; `kind` names what changes ("drag",
  /// "field:step.message"), so a run of the same kind is undone at once.
  record(before: Snapshot, kind: string, now = Date.now()) {
    const same = this.last && this.last.kind === kind && kind !== '' && now - this.last.at < coalesceMs;
    this.last = { kind, at: now };
    this.future = [];
    if (same) return;
    this.past.push(before);
    if (this.past.length > depth) this.past.shift();
  }

  undo(current: Snapshot): Snapshot | null {
    const s = this.past.pop();
    if (!s) return null;
    this.future.push(current);
    this.last = null;
    return s;
  }

  redo(current: Snapshot): Snapshot | null {
    const s = this.future.pop();
    if (!s) return null;
    this.past.push(current);
    this.last = null;
    return s;
  }

  get canUndo() { return this.past.length > 0; }
  get canRedo() { return this.future.length > 0; }

  clear() {
    this.past = [];
    this.future = [];
    this.last = null;
  }
}
