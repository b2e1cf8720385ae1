import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { JsonView, matchingPaths } from './JsonView';

const value = { status: 200, body: { items: [{ id: 'a1', name: 'Ada' }, { id: 'b2', name: 'Grace' }], next: null }, headers: { 'content-type': 'application/json' } };

describe('the JSON viewer', () => {
  it('finds keys, values and paths, with their ancestors', () => {
    expect([...matchingPaths(value, 'grace')].sort()).toEqual(['', 'body', 'body.items', 'body.items[1]', 'body.items[1].name']);
    expect(matchingPaths(value, 'content-type').has('headers.content-type')).toBe(true);
    expect(matchingPaths(value, '').size).toBe(0);
  });

  it('folds, and a filter keeps only what matches', () => {
    const { container } = render(<JsonView value={value} testId="v" />);
    expect(container.querySelectorAll('details').length).toBeGreaterThan(2);
    expect(screen.getByTestId('v').textContent).toContain('"Ada"');
    fireEvent.change(screen.getByLabelText('Filter JSON'), { target: { value: 'grace' } });
    expect(screen.getByTestId('v').textContent).toContain('"Grace"');
    expect(screen.getByTestId('v').textContent).not.toContain('"Ada"');
    expect(screen.getByTestId('v').textContent).not.toContain('content-type');
  });
});
