import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Usage } from '../api/types';
import { UsageContext, UsagePanel } from './UsagePanel';

const usage = { tier: 'free', meters: [{ limit: 'max_workflows', used: 2, allowed: 5 }] } as unknown as Usage;

function renderPanel() {
  render(
    <UsageContext.Provider value={usage}>
      <UsagePanel />
      <button>Save</button>
    </UsageContext.Provider>,
  );
}

describe('the plan popover', () => {
  it('closes on Esc', () => {
    renderPanel();
    fireEvent.click(screen.getByTestId('usage-button'));
    expect(screen.getByTestId('usage-panel')).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('usage-panel')).toBeNull();
  });

  it('closes on a click outside it, and stays open on a click inside', () => {
    renderPanel();
    fireEvent.click(screen.getByTestId('usage-button'));
    fireEvent.mouseDown(screen.getByTestId('usage-panel'));
    expect(screen.getByTestId('usage-panel')).toBeTruthy();
    fireEvent.mouseDown(screen.getByRole('button', { name: 'Save' }));
    expect(screen.queryByTestId('usage-panel')).toBeNull();
  });
});
