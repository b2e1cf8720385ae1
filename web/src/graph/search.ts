// "Find a step", in the editor and on a run: a step matches by its id, name or type.
import type { Step } from '../api/types';

export function stepMatches(steps: Step[], term: string): Set<string> {
  const t = term.trim().toLowerCase();
  if (!t) return new Set();
  return new Set(steps.filter((s) => s.id.toLowerCase().includes(t) || (s.name ?? '').toLowerCase().includes(t) || s.type.toLowerCase().includes(t)).map((s) => s.id));
}
