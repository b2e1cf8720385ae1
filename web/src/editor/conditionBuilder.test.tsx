import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { ConditionBuilder } from './ConditionBuilder';

describe('the condition builder', () => {
  it('shows a route as value, operator and value, and writes what is changed back as its expression', () => {
    const onChange = vi.fn();
    render(<ConditionBuilder config={{ conditions: [{ condition: '$.input.amount > 100' }] }} onChange={onChange} />);
    expect((screen.getByLabelText('Route 1 value') as HTMLInputElement).value).toBe('$.input.amount');
    expect((screen.getByLabelText('Route 1 operator') as HTMLSelectElement).value).toBe('>');
    fireEvent.change(screen.getByLabelText('Route 1 compared with'), { target: { value: '500' } });
    expect(onChange).toHaveBeenLastCalledWith({ conditions: [{ condition: '$.input.amount > 500' }] });
    fireEvent.change(screen.getByLabelText('Route 1 operator'), { target: { value: 'is empty' } });
    expect(onChange).toHaveBeenLastCalledWith({ conditions: [{ condition: 'len($.input.amount) == 0' }] });
  });

  it('names a route, which becomes its handle, and adds routes with names of their own', () => {
    const onChange = vi.fn();
    render(<ConditionBuilder config={{ conditions: [{ condition: "$.input.tier == 'gold'" }] }} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Route 1 name'), { target: { value: 'Gold customer' } });
    expect(onChange).toHaveBeenLastCalledWith({ conditions: [{ condition: "$.input.tier == 'gold'", label: 'Gold customer', handle: 'gold_customer' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Add a route' }));
    expect(onChange.mock.lastCall![0].conditions[1]).toMatchObject({ handle: 'route_2', label: 'route 2' });
  });

  it('keeps an expression that is more than one comparison as text', () => {
    render(<ConditionBuilder config={{ conditions: [{ condition: '$.a > 1 && $.b < 2' }] }} onChange={() => undefined} />);
    expect(screen.queryByLabelText('Route 1 operator')).toBeNull();
    expect((screen.getByLabelText('Route 1 expression') as HTMLInputElement).value).toBe('$.a > 1 && $.b < 2');
  });
});
