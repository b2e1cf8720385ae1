import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Parameter } from '../api/types';
import { ParameterForm } from './ParameterForm';
import { SecretsContext } from '../components/secrets';
import { InputForm } from './InputForm';

const parameters: Parameter[] = [
  { name: 'url', label: 'URL', type: 'string', required: true, expression: true, description: 'where to send it' },
  { name: 'method', label: 'Method', type: 'select', required: false, options: ['GET', 'POST'], default: 'GET' },
  { name: 'timeout_ms', label: 'Timeout', type: 'number', required: false, expression: true },
  { name: 'follow_redirects', label: 'Follow redirects', type: 'boolean', required: false },
  { name: 'headers', label: 'Headers', type: 'json', required: false },
  { name: 'value', label: 'Value', type: 'json', required: false, expression: true },
];

describe('the step form generated from parameter metadata', () => {
  it('shows one field per parameter with its label, required mark and description', () => {
    render(<ParameterForm parameters={parameters} value={{}} onChange={() => undefined} />);
    expect(screen.getByTestId('param-url').textContent).toContain('URL *');
    expect(screen.getByTestId('param-url').textContent).toContain('where to send it');
    expect(screen.getByTestId('param-method').querySelectorAll('option')).toHaveLength(2);
    expect(screen.getByTestId('param-follow_redirects').querySelector('input[type=checkbox]')).not.toBeNull();
  });

  it('turns what the user types into config values of the right type', () => {
    const onChange = vi.fn();
    render(<ParameterForm parameters={parameters} value={{ url: 'http://a' }} onChange={onChange} />);
    fireEvent.change(screen.getByTestId('param-timeout_ms').querySelector('input')!, { target: { value: '2500' } });
    expect(onChange).toHaveBeenLastCalledWith({ url: 'http://a', timeout_ms: 2500 });
    fireEvent.change(screen.getByTestId('param-timeout_ms').querySelector('input')!, { target: { value: '$.input.t' } });
    expect(onChange).toHaveBeenLastCalledWith({ url: 'http://a', timeout_ms: '$.input.t' });
    fireEvent.change(screen.getByTestId('param-method').querySelector('select')!, { target: { value: 'POST' } });
    expect(onChange).toHaveBeenLastCalledWith({ url: 'http://a', method: 'POST' });
    fireEvent.change(screen.getByTestId('param-url').querySelector('input')!, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({});
  });

  it('passes JSON on once it parses, and an expression field takes an expression', () => {
    const onChange = vi.fn();
    render(<ParameterForm parameters={parameters} value={{}} onChange={onChange} />);
    const headers = screen.getByTestId('param-headers').querySelector('textarea')!;
    fireEvent.change(headers, { target: { value: '{"a": ' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByTestId('param-headers').textContent).toContain('not JSON yet');
    fireEvent.change(headers, { target: { value: '{"a": "b"}' } });
    expect(onChange).toHaveBeenLastCalledWith({ headers: { a: 'b' } });
    fireEvent.change(screen.getByTestId('param-value').querySelector('textarea')!, { target: { value: '$.input' } });
    expect(onChange).toHaveBeenLastCalledWith({ value: '$.input' });
  });
});

describe('a form that fits the step', () => {
  it('shows a default as the value it is: the method GET, fail on status checked', () => {
    const http: Parameter[] = [
      { name: 'method', label: 'Method', type: 'select', required: false, options: ['GET', 'POST'], default: 'GET' },
      { name: 'fail_on_status', label: 'Fail on status', type: 'boolean', required: false, default: true },
    ];
    const onChange = vi.fn();
    render(<ParameterForm parameters={http} value={{}} onChange={onChange} />);
    expect((screen.getByTestId('param-method').querySelector('select') as HTMLSelectElement).value).toBe('GET');
    expect(screen.getByTestId('param-method').textContent).not.toContain('(none)');
    expect((screen.getByTestId('param-fail_on_status').querySelector('input') as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByTestId('param-method').querySelector('select')!, { target: { value: 'POST' } });
    expect(onChange).toHaveBeenLastCalledWith({ method: 'POST' });
  });

  it('says where JSON typed into an expression field breaks, instead of sending it as an expression', () => {
    const onChange = vi.fn();
    render(<ParameterForm parameters={[{ name: 'set', label: 'Set', type: 'json', required: false, expression: true }]} value={{}} onChange={onChange} />);
    fireEvent.change(screen.getByTestId('param-set').querySelector('textarea')!, { target: { value: '{"customer": "$.input.id",}' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByTestId('json-error').textContent).toMatch(/position \d+/);
    fireEvent.change(screen.getByTestId('param-set').querySelector('textarea')!, { target: { value: '$.input' } });
    expect(onChange).toHaveBeenLastCalledWith({ set: '$.input' });
  });
});

describe('validation problems on their fields', () => {
  it('finds the field a message names and shows it under that field', async () => {
    const { fieldOf } = await import('../editor/useValidation');
    expect(fieldOf("http config: Missing required property 'url'.")).toBe('url');
    expect(fieldOf('unexpected end of expression (at column 11) (config/set/a)')).toBe('set');
    expect(fieldOf('a cycle through this step')).toBeUndefined();
    render(<ParameterForm parameters={parameters} value={{}} onChange={() => undefined} errors={{ url: "Missing required property 'url'." }} />);
    expect(screen.getByTestId('param-error-url').textContent).toContain('Missing required');
    expect(screen.getByTestId('param-url').className).toContain('has-error');
    expect(screen.queryByTestId('param-error-method')).toBeNull();
  });
});

describe('the run form generated from input_schema', () => {
  it('fills defaults, types numbers and refuses to start without required fields', () => {
    const onSubmit = vi.fn();
    render(<InputForm schema={{ type: 'object', required: ['email'], properties: { email: { type: 'string' }, count: { type: 'integer', default: 3 }, vip: { type: 'boolean' } } }} onSubmit={onSubmit} />);
    const start = screen.getByRole('button', { name: 'Start run' });
    expect((start as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('input-email').querySelector('input')!, { target: { value: 'a@b.c' } });
    fireEvent.click(screen.getByTestId('input-vip').querySelector('input')!);
    fireEvent.click(start);
    expect(onSubmit).toHaveBeenCalledWith({ email: 'a@b.c', count: 3, vip: true });
  });

  it('is one JSON box when the workflow declares no input', () => {
    const onSubmit = vi.fn();
    render(<InputForm onSubmit={onSubmit} />);
    fireEvent.change(screen.getByRole('textbox'), { target: { value: '{"name": "Ada"}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Ada' });
  });
});

describe('a field is fixed or an expression, and says which', () => {
  const http: Parameter[] = [
    { name: 'url', label: 'URL', type: 'string', required: true },
    { name: 'body', label: 'Body', type: 'json', required: false },
  ];

  it('says that a path typed as fixed text is sent as that text, and makes it read the run on a click', () => {
    const onChange = vi.fn();
    render(<ParameterForm parameters={http} value={{ url: 'http://crm', body: { customer: '$.input.customer_id' } }} onChange={onChange} />);
    expect(screen.getByTestId('literal-path-body').textContent).toContain('"$.input.customer_id" is sent as fixed text');
    fireEvent.click(screen.getByRole('button', { name: 'Read it from the run' }));
    expect(onChange).toHaveBeenLastCalledWith({ url: 'http://crm', body: { customer: '{{ $.input.customer_id }}' } });
  });

  it('switches a field to an expression and stores what is typed as one', () => {
    const onChange = vi.fn();
    const { rerender } = render(<ParameterForm parameters={http} value={{ url: 'http://crm' }} onChange={onChange} />);
    const url = screen.getByTestId('param-url');
    expect(url.querySelector('[aria-pressed=true]')!.textContent).toBe('Fixed');
    fireEvent.click(screen.getAllByRole('button', { name: 'Expression' })[0]);
    expect(onChange).toHaveBeenLastCalledWith({ url: "{{ 'http://crm' }}" });
    rerender(<ParameterForm parameters={http} value={{ url: "{{ 'http://crm' }}" }} onChange={onChange} />);
    expect(url.querySelector('[aria-pressed=true]')!.textContent).toBe('Expression');
    fireEvent.change(url.querySelector('input')!, { target: { value: "'http://crm/' + $.input.id" } });
    expect(onChange).toHaveBeenLastCalledWith({ url: "{{ 'http://crm/' + $.input.id }}" });
    expect(screen.queryByTestId('literal-path-url')).toBeNull();
  });
});


describe('a field that names a secret', () => {
  const auth: Parameter[] = [{ name: 'auth_secret', label: 'Auth secret', type: 'secret', required: false }];
  const secrets = () => Promise.resolve(['api_token', 'crm_key']);

  it("picks one of the tenant's secrets, and says when the named one does not exist", async () => {
    const onChange = vi.fn();
    const { rerender } = render(<SecretsContext.Provider value={secrets}><ParameterForm parameters={auth} value={{}} onChange={onChange} /></SecretsContext.Provider>);
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['(choose a secret)', 'api_token', 'crm_key']));
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'crm_key' } });
    expect(onChange).toHaveBeenLastCalledWith({ auth_secret: 'crm_key' });
    rerender(<SecretsContext.Provider value={secrets}><ParameterForm parameters={auth} value={{ auth_secret: 'gone' }} onChange={onChange} /></SecretsContext.Provider>);
    await waitFor(() => expect(screen.getByTestId('param-auth_secret').textContent).toContain('No secret called "gone"'));
  });
});
