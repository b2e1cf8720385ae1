// A condition as a person builds it — a value, an operator, a value — and the expression the
// engine evaluates. Expressions that are not of this shape stay expressions, edited as text.
import { quote } from '../forms/valueMode';

export type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'contains' | 'startsWith' | 'endsWith' | 'is empty' | 'is not empty';

export const operators: { op: Operator; label: string }[] = [
  { op: '==', label: 'is equal to' }, { op: '!=', label: 'is not equal to' },
  { op: '>', label: 'is greater than' }, { op: '>=', label: 'is at least' },
  { op: '<', label: 'is less than' }, { op: '<=', label: 'is at most' },
  { op: 'contains', label: 'contains' }, { op: 'startsWith', label: 'starts with' }, { op: 'endsWith', label: 'ends with' },
  { op: 'is empty', label: 'is empty' }, { op: 'is not empty', label: 'is not empty' },
];

export interface Rule {
  left: string;   // an expression: $.input.amount
  op: Operator;
  right: string;  // what the user typed: 100, gold, $.vars.limit
}

export const takesRight = (op: Operator) => op !== 'is empty' && op !== 'is not empty';

/// The right-hand side as an expression: a number, true/false/null or a path stay what they
/// are; anything else is text.
export function operand(text: string): string {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t) || t === 'true' || t === 'false' || t === 'null' || /^\$(\.|\[|$)/.test(t)) return t;
  if (/^'(?:[^'\\]|\\.)*'$/.test(t)) return t;
  return quote(text);
}

export function toExpression(r: Rule): string {
  const left = r.left.trim() || '$.input';
  switch (r.op) {
    case 'contains': case 'startsWith': case 'endsWith': return `${r.op}(${left}, ${operand(r.right)})`;
    case 'is empty': return `len(${left}) == 0`;
    case 'is not empty': return `len(${left}) > 0`;
    default: return `${left} ${r.op} ${operand(r.right)}`;
  }
}

const unquoted = (t: string) => (/^'(?:[^'\\]|\\.)*'$/.test(t) ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t);
const path = String.raw`\$[A-Za-z0-9_.\[\]'"-]*`;

/// The rule an expression was built from, or null when it is not one (edited as text).
export function fromExpression(e: string): Rule | null {
  const t = e.trim();
  let m = new RegExp(`^(contains|startsWith|endsWith)\\((${path}),\\s*(.+)\\)$`).exec(t);
  if (m) return { left: m[2], op: m[1] as Operator, right: unquoted(m[3].trim()) };
  m = new RegExp(`^len\\((${path})\\)\\s*(==\\s*0|>\\s*0)$`).exec(t);
  if (m) return { left: m[1], op: m[2].startsWith('=') ? 'is empty' : 'is not empty', right: '' };
  m = new RegExp(`^(${path})\\s*(==|!=|>=|<=|>|<)\\s*(-?\\d+(?:\\.\\d+)?|true|false|null|'(?:[^'\\\\]|\\\\.)*'|${path})$`).exec(t);
  if (m) return { left: m[1], op: m[2] as Operator, right: unquoted(m[3]) };
  return null;
}

/// A route's name as a handle id: what the canvas and the definition call it.
export const routeName = (label: string) => label.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'route';
