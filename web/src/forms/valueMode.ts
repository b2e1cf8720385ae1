// A field's value is either fixed (what is typed is what the step gets) or an expression
// (computed from the run). How each is stored depends on the field: a field that takes
// expressions stores fixed text as a quoted literal ('text'); any other text field stores an
// expression as one {{ … }} template. Pure, so the form and its tests agree on it.

export type Mode = 'fixed' | 'expression';

const template = /^\s*\{\{([\s\S]*)\}\}\s*$/;
const quoted = /^'((?:[^'\\]|\\.)*)'$/;
/// Text that reads like a path into the run's data: what a user means as an expression.
const pathLike = /^\s*\$(\.|\[|$)/;

export const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const unquote = (literal: string) => literal.slice(1, -1).replace(/\\(.)/g, '$1');

/// The mode a stored value is in.
export function modeOf(value: unknown, takesExpressions: boolean): Mode {
  if (typeof value !== 'string') return takesExpressions && value === undefined ? 'expression' : 'fixed';
  if (takesExpressions) return quoted.test(value.trim()) ? 'fixed' : 'expression';
  return template.test(value) && !value.slice(value.indexOf('{{') + 2).includes('{{') ? 'expression' : 'fixed';
}

/// What the field shows for a stored value in its mode (the expression without its braces,
/// fixed text without its quotes).
export function textOf(value: unknown, mode: Mode, takesExpressions: boolean): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return JSON.stringify(value);
  if (mode === 'expression' && !takesExpressions) {
    const inner = template.exec(value)?.[1];
    return inner === undefined ? value : inner.replace(/^ /, '').replace(/ $/, '');  // the spaces store() adds
  }
  if (mode === 'fixed' && takesExpressions && quoted.test(value.trim())) return unquote(value.trim());
  return value;
}

/// What is stored for text typed in a mode.
export function store(text: string, mode: Mode, takesExpressions: boolean): string {
  if (mode === 'expression') return takesExpressions ? text : `{{ ${text} }}`;
  return takesExpressions ? quote(text) : text;
}

/// The value kept when the user switches mode: the same meaning where it has one in the other
/// mode (fixed "hi" is the expression 'hi'; a path typed as fixed text becomes that path).
export function switchMode(value: unknown, to: Mode, takesExpressions: boolean): unknown {
  if (value === undefined || typeof value !== 'string') {
    if (to === 'expression' && value !== undefined) return takesExpressions ? JSON.stringify(value) : `{{ ${JSON.stringify(value)} }}`;
    return value;
  }
  const from = modeOf(value, takesExpressions);
  if (from === to) return value;
  const text = textOf(value, from, takesExpressions);
  if (to === 'expression') return store(pathLike.test(text) ? text.trim() : quote(text), 'expression', takesExpressions);
  const literal = quoted.exec(text.trim());
  if (literal) return store(unquote(literal[0]), 'fixed', takesExpressions);
  // An expression in a text field stays what it is, shown as the template it is sent as.
  return takesExpressions ? store(text, 'fixed', true) : value;
}

/// Fixed strings, anywhere in a value, that look like paths ("$.input.customer_id"): each is
/// sent as that text, which is rarely what was meant.
export function literalPaths(value: unknown): string[] {
  if (typeof value === 'string') return pathLike.test(value) && !value.includes('{{') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(literalPaths);
  if (value && typeof value === 'object') return Object.values(value).flatMap(literalPaths);
  return [];
}

/// The value with each such string made a {{ … }} template, so it reads the run's data.
export function pathsAsExpressions(value: unknown): unknown {
  if (typeof value === 'string') return literalPaths(value).length ? `{{ ${value.trim()} }}` : value;
  if (Array.isArray(value)) return value.map(pathsAsExpressions);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pathsAsExpressions(v)]));
  return value;
}
