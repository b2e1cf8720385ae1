// A condition step's routes, each named and built as value · operator · value (or written as
// an expression when it is more than that). A route's name is its handle on the canvas; the
// links drawn from it follow a rename. What no route matches leaves by "default".
import { ExpressionInput } from '../forms/ExpressionInput';
import { fromExpression, operators, routeName, takesRight, toExpression, type Operator, type Rule } from './conditionExpr';

type Route = { condition: string; handle?: string; label?: string; [k: string]: unknown };

export function ConditionBuilder({ config, onChange }: { config: Record<string, unknown>; onChange: (c: Record<string, unknown>) => void }) {
  const routes: Route[] = Array.isArray(config.conditions) ? (config.conditions as Route[]) : [];
  const set = (next: Route[]) => onChange({ ...config, conditions: next });
  const update = (i: number, r: Partial<Route>) => set(routes.map((x, j) => (j === i ? { ...x, ...r } : x)));
  const uniqueHandle = (label: string, i: number) => {
    const taken = new Set(routes.filter((_, j) => j !== i).map((r, j) => r.handle ?? `case_${j}`));
    const base = routeName(label);
    let h = base;
    for (let n = 2; taken.has(h) || h === 'default' || h === 'error' || h === 'out'; n++) h = `${base}_${n}`;
    return h;
  };
  return (
    <div className="condition-builder" data-testid="condition-builder">
      <div className="field-label">Routes, checked in order: the first that holds is taken</div>
      {routes.map((r, i) => {
        const rule = fromExpression(r.condition ?? '');
        const setRule = (patch: Partial<Rule>) => update(i, { condition: toExpression({ ...(rule ?? { left: '$.input', op: '==' as Operator, right: '' }), ...patch }) });
        return (
          <div key={i} className="route card" data-testid={`route-${i}`}>
            <div className="route-head">
              <input aria-label={`Route ${i + 1} name`} placeholder={`route ${i + 1}`} value={r.label ?? r.handle ?? ''}
                onChange={(e) => update(i, { label: e.target.value || undefined, handle: uniqueHandle(e.target.value || `case_${i}`, i) })} />
              <button type="button" className="link danger" onClick={() => set(routes.filter((_, j) => j !== i))} disabled={routes.length === 1}>remove</button>
            </div>
            {rule ? (
              <div className="rule">
                <ExpressionInput label={`Route ${i + 1} value`} value={rule.left} placeholder="$.input.amount" onChange={(t) => setRule({ left: t })} />
                <select aria-label={`Route ${i + 1} operator`} value={rule.op} onChange={(e) => setRule({ op: e.target.value as Operator })}>
                  {operators.map((o) => <option key={o.op} value={o.op}>{o.label}</option>)}
                </select>
                {takesRight(rule.op) ? <input aria-label={`Route ${i + 1} compared with`} value={rule.right} placeholder="100, gold or $.vars.limit" onChange={(e) => setRule({ right: e.target.value })} /> : null}
              </div>
            ) : null}
            <label className="hint">{rule ? 'as an expression' : 'expression (more than one comparison: written as text)'}
              <input className="mono" aria-label={`Route ${i + 1} expression`} value={r.condition ?? ''} onChange={(e) => update(i, { condition: e.target.value })} /></label>
          </div>
        );
      })}
      <button type="button" onClick={() => set([...routes, { condition: '$.input == true', handle: uniqueHandle(`route ${routes.length + 1}`, routes.length), label: `route ${routes.length + 1}` }])}>Add a route</button>
      <p className="hint">When no route holds, the run leaves by <b>default</b>.</p>
    </div>
  );
}
