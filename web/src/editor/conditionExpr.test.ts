import { describe, expect, it } from 'vitest';
import { fromExpression, operand, routeName, toExpression, type Rule } from './conditionExpr';

describe('a condition built from a value, an operator and a value', () => {
  it('writes the expression the engine evaluates', () => {
    expect(toExpression({ left: '$.input.amount', op: '>', right: '100' })).toBe('$.input.amount > 100');
    expect(toExpression({ left: '$.input.tier', op: '==', right: 'gold' })).toBe("$.input.tier == 'gold'");
    expect(toExpression({ left: '$.input.tier', op: '==', right: "it's" })).toBe("$.input.tier == 'it\\'s'");
    expect(toExpression({ left: '$.lookup.body.name', op: 'contains', right: 'Inc' })).toBe("contains($.lookup.body.name, 'Inc')");
    expect(toExpression({ left: '$.input.tags', op: 'is empty', right: '' })).toBe('len($.input.tags) == 0');
    expect(operand('$.vars.limit')).toBe('$.vars.limit');
  });

  it('reads back what it wrote, and leaves other expressions alone', () => {
    const rules: Rule[] = [
      { left: '$.input.amount', op: '>=', right: '100' },
      { left: '$.input.tier', op: '!=', right: 'gold' },
      { left: "$['step-1'].ok", op: '==', right: 'true' },
      { left: '$.lookup.body.name', op: 'startsWith', right: 'Acme' },
      { left: '$.input.tags', op: 'is not empty', right: '' },
    ];
    for (const r of rules) expect(fromExpression(toExpression(r))).toEqual(r);
    expect(fromExpression('$.a > 1 && $.b < 2')).toBeNull();
    expect(fromExpression("lower($.input.tier) == 'gold'")).toBeNull();
  });

  it('names routes as handles', () => {
    expect(routeName('Big order!')).toBe('big_order');
    expect(routeName('  ')).toBe('route');
  });
});
