// Autocomplete for expressions: what can follow the path being typed at the end of the text
// ($. → input, vars, the steps; $.lookup. → the keys its output had in the last run), and the
// value a whole path had in that run, as a preview.
export interface ExpressionScope {
  stepIds: string[];
  /// The last run's context: { input, <step id>: output, ... }; empty without a run.
  sample: Record<string, unknown>;
}

const tail = /\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)\.([A-Za-z_][A-Za-z0-9_]*)?$/;

const segments = (path: string) => [...path.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));

function at(value: unknown, path: (string | number)[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

export interface Suggestion { label: string; text: string; preview?: string }

/// Completions of the path at the end of `text`: each gives the whole text with it chosen.
export function suggestions(text: string, scope: ExpressionScope): Suggestion[] {
  const m = tail.exec(text);
  if (!m) return [];
  const parent = segments(m[1] ?? '');
  const partial = m[2] ?? '';
  const keys = parent.length === 0
    ? ['input', 'vars', ...scope.stepIds.filter((id) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(id) && id !== 'input')]
    : (() => {
      const v = at(scope.sample, parent);
      return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
    })();
  const start = text.length - partial.length;
  return [...new Set(keys)].filter((k) => k.startsWith(partial) && k !== partial).slice(0, 12).map((k) => {
    const value = at(scope.sample, [...parent, k]);
    return { label: k, text: text.slice(0, start) + k, preview: value === undefined ? undefined : short(value) };
  });
}

/// The value the path that is the whole text had in the last run (undefined when it is not
/// one path, or the run did not have it).
export function preview(text: string, scope: ExpressionScope): string | undefined {
  const m = /^\s*\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])+)\s*$/.exec(text);
  if (!m) return undefined;
  const v = at(scope.sample, segments(m[1]));
  return v === undefined ? undefined : short(v);
}

const short = (v: unknown) => {
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};
