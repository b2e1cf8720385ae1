// What changed between two versions, value by value: the diff API names the steps and fields
// that changed; the values before and after come from the two definitions.
import type { Definition, Diff } from '../api/types';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface StepChange {
  stepId: string;
  fields: FieldChange[];
}

const stepOf = (d: Definition, id: string) => (d.steps.find((s) => s.id === id) ?? {}) as Record<string, unknown>;

/// Each changed step's fields with their old and new values (a config is compared key by key,
/// so a changed message reads as `config.message`, not as the whole config).
export function changedValues(older: Definition, newer: Definition, diff: Diff): StepChange[] {
  return diff.changed.map((c) => {
    const a = stepOf(older, c.step_id);
    const b = stepOf(newer, c.step_id);
    const fields: FieldChange[] = [];
    for (const field of c.fields) {
      const before = a[field];
      const after = b[field];
      if (isObject(before) && isObject(after)) {
        for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
          if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) fields.push({ field: `${field}.${key}`, before: before[key], after: after[key] });
        }
      } else {
        fields.push({ field, before, after });
      }
    }
    return { stepId: c.step_id, fields };
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/// A value as one short line: absent values say so rather than printing "undefined".
export const shown = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
