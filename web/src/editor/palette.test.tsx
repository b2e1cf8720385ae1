import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import type { Component } from '../api/types';
import { Catalog, CatalogContext } from '../components/catalog';
import { nodeTypes } from '../components/StepNodeView';
import { Palette, dragType } from './Palette';
import { UsageContext } from '../components/UsagePanel';
import type { Usage } from '../api/types';

const component = (type: string, category: string, extra: Partial<Component> = {}): Component => ({
  type, name: type[0].toUpperCase() + type.slice(1), description: '', category, icon: '', color: '', tier: 'basic', trigger: false,
  aliases: [], parameters: [], input_handles: [{ id: 'input', type: 'target', position: 'left', label: 'Input' }],
  output_handles: [{ id: 'out', type: 'source', position: 'right', label: 'Output' }, { id: 'error', type: 'source', position: 'bottom', label: 'Error' }],
  dynamic_outputs: false, ...extra,
});
const catalog = new Catalog([
  component('log', 'utility'), component('http', 'integrations', { aliases: ['http_request'], tier: 'basic' }),
  component('condition', 'flow', { dynamic_outputs: true, output_handles: [{ id: 'default', type: 'source', position: 'right', label: 'Default' }, { id: 'error', type: 'source', position: 'bottom', label: 'Error' }] }),
  component('crm_lookup', 'custom', { tier: 'custom' }),
]);

describe('the palette', () => {
  it('lists the catalogue by category, custom components included, and filters it', () => {
    render(<CatalogContext.Provider value={catalog}><Palette onAdd={() => undefined} /></CatalogContext.Provider>);
    expect(screen.getByTestId('palette-crm_lookup').textContent).toContain('custom');
    fireEvent.change(screen.getByPlaceholderText('Find a step type'), { target: { value: 'htt' } });
    expect(screen.queryByTestId('palette-log')).toBeNull();
    expect(screen.getByTestId('palette-http')).toBeTruthy();
  });

  it('puts the step type on the drag, and adds it on double click', () => {
    const onAdd = vi.fn();
    render(<CatalogContext.Provider value={catalog}><Palette onAdd={onAdd} /></CatalogContext.Provider>);
    const data = new Map<string, string>();
    fireEvent.dragStart(screen.getByTestId('palette-log'), { dataTransfer: { setData: (k: string, v: string) => data.set(k, v), effectAllowed: '' } });
    expect(data.get(dragType)).toBe('log');
    fireEvent.doubleClick(screen.getByTestId('palette-http'));
    expect(onAdd).toHaveBeenCalledWith('http');
  });
});

describe('the palette on a plan', () => {
  it('locks the step types the plan does not include', () => {
    const free: Usage = { tenant: 'acme', tier: 'free', limits: { step_classes: 'basic' }, meters: [] };
    const onAdd = vi.fn();
    render(
      <CatalogContext.Provider value={catalog}>
        <UsageContext.Provider value={free}><Palette onAdd={onAdd} /></UsageContext.Provider>
      </CatalogContext.Provider>,
    );
    const custom = screen.getByTestId('palette-crm_lookup');
    expect(custom.getAttribute('aria-disabled')).toBe('true');
    expect(custom.getAttribute('draggable')).toBe('false');
    expect(custom.textContent).toContain('upgrade');
    fireEvent.doubleClick(custom);
    expect(onAdd).not.toHaveBeenCalled();
    expect(screen.getByTestId('palette-log').getAttribute('aria-disabled')).toBe('false');
  });
});

describe('a step on the canvas', () => {
  it('has one handle per condition route, shows its problems and its run state', () => {
    const nodes = [
      { id: 'c', type: 'step', position: { x: 0, y: 0 }, data: { step: { id: 'c', type: 'condition', config: { conditions: [{ condition: 'true', handle: 'yes' }, { condition: 'false' }] } }, problems: ['bad expression'] } },
      { id: 'h', type: 'step', position: { x: 300, y: 0 }, data: { step: { id: 'h', type: 'http_request', name: 'Call' }, status: 'retrying' } },
    ];
    render(
      <CatalogContext.Provider value={catalog}>
        <div style={{ width: 800, height: 600 }}>
          <ReactFlowProvider><ReactFlow nodes={nodes} edges={[]} nodeTypes={nodeTypes} /></ReactFlowProvider>
        </div>
      </CatalogContext.Provider>,
    );
    for (const h of ['yes', 'case_1', 'default', 'error']) expect(screen.getByTestId(`handle-c-${h}`)).toBeTruthy();
    expect(screen.getByTestId('problems-c').textContent).toContain('bad expression');
    expect(screen.getByTestId('node-h').getAttribute('data-status')).toBe('retrying');
    expect(screen.getByTestId('node-h').textContent).toContain('Http · retrying');  // alias found its component
  });
});
