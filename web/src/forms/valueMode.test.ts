import { describe, expect, it } from 'vitest';
import { literalPaths, modeOf, pathsAsExpressions, store, switchMode, textOf } from './valueMode';

describe('fixed values and expressions', () => {
  it('in a text field, an expression is one {{ }} template and fixed text is the text', () => {
    expect(modeOf('hello', false)).toBe('fixed');
    expect(modeOf('{{ $.input.name }}', false)).toBe('expression');
    expect(modeOf('Hi {{ $.input.name }}', false)).toBe('fixed');
    expect(textOf('{{ $.input.name }}', 'expression', false)).toBe('$.input.name');
    expect(store('$.input.name', 'expression', false)).toBe('{{ $.input.name }}');
    expect(textOf(store('a b ', 'expression', false), 'expression', false)).toBe('a b ');  // typing keeps its spaces
  });

  it('in a field that takes expressions, fixed text is a quoted literal', () => {
    expect(modeOf("'it''s'", true)).toBe('expression');
    expect(modeOf("'it\\'s'", true)).toBe('fixed');
    expect(store("it's", 'fixed', true)).toBe("'it\\'s'");
    expect(textOf("'it\\'s'", 'fixed', true)).toBe("it's");
    expect(modeOf(42, true)).toBe('fixed');
  });

  it('switching keeps the meaning: fixed text becomes the same literal, a typed path becomes that path', () => {
    expect(switchMode('hello', 'expression', false)).toBe("{{ 'hello' }}");
    expect(switchMode('$.input.customer_id', 'expression', false)).toBe('{{ $.input.customer_id }}');
    expect(switchMode("{{ 'hello' }}", 'fixed', false)).toBe('hello');
    expect(switchMode('$.a', 'fixed', true)).toBe("'$.a'");
    expect(switchMode("'$.a'", 'expression', true)).toBe('$.a');
    expect(switchMode(5, 'expression', true)).toBe('5');
  });

  it('finds fixed strings that look like paths anywhere in a value, and makes them expressions', () => {
    const body = { customer: '$.input.customer_id', note: 'costs $5', tags: ['$.input.tag'], done: '{{ $.x }}' };
    expect(literalPaths(body)).toEqual(['$.input.customer_id', '$.input.tag']);
    expect(pathsAsExpressions(body)).toEqual({ customer: '{{ $.input.customer_id }}', note: 'costs $5', tags: ['{{ $.input.tag }}'], done: '{{ $.x }}' });
  });
});
