// Weft's REST API as the console uses it: every call carries the session's bearer token and
// tenant, and every failure becomes an ApiError carrying the server's error envelope.
import type {
  Component, CustomComponent, Definition, Schedule, Diff, Execution, ExecutionSummary, LogLine, Problem, Template, TemplateDetail, Usage, VersionInfo,
  Workflow, WorkflowSummary,
} from './types';

export interface Session {
  token: string;
  tenant: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/// The validation problems an invalid_workflow_definition or step_configuration_error carries.
export function problemsOf(e: unknown): Problem[] {
  return e instanceof ApiError ? ((e.details as { errors?: Problem[] }).errors ?? []) : [];
}

/// What the server says before sign-in: in dev mode, a ready token (docs/console.md).
export async function consoleSession(): Promise<{ mode: string; token?: string; tenant_id?: string }> {
  const r = await fetch('/api/console/session');
  return r.ok ? r.json() : { mode: 'token' };
}

export class Api {
  constructor(readonly session: Session) {}

  async request<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = {
      ...extra,
      Authorization: `Bearer ${this.session.token}`,
      'X-Tenant-ID': this.session.tenant,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (r.status === 204) return undefined as T;
    const text = await r.text();
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(r.status, 'invalid_response', text.slice(0, 200) || r.statusText);
    }
    if (!r.ok) {
      const e = (payload as { error?: { code: string; message: string; details?: Record<string, unknown> } })?.error;
      throw new ApiError(r.status, e?.code ?? 'error', e?.message ?? r.statusText, e?.details ?? {});
    }
    return payload as T;
  }

  // Workflows and versions
  listWorkflows(q: { name?: string; status?: string; cursor?: string } = {}) {
    return this.request<{ workflows: WorkflowSummary[]; next_cursor: string | null }>('GET', `/api/workflows${query(q)}`);
  }
  getWorkflow(id: string) {
    return this.request<Workflow>('GET', `/api/workflows/${enc(id)}`);
  }
  createWorkflow(definition: Definition) {
    return this.request<Workflow>('POST', '/api/workflows', definition);
  }
  createFromTemplate(template_id: string) {
    return this.request<Workflow>('POST', '/api/workflows', { template_id });
  }
  /// A new version; with `basedOn`, refused (409 conflict) when someone saved another meanwhile.
  saveWorkflow(id: string, definition: Definition, basedOn?: number) {
    return this.request<Workflow>('PUT', `/api/workflows/${enc(id)}`, definition, basedOn ? { 'If-Match': `"${basedOn}"` } : {});
  }
  deleteWorkflow(id: string) {
    return this.request<void>('DELETE', `/api/workflows/${enc(id)}`);
  }
  versions(id: string) {
    return this.request<{ versions: VersionInfo[] }>('GET', `/api/workflows/${enc(id)}/versions`);
  }
  version(id: string, v: number) {
    return this.request<{ version: number; definition: Definition }>('GET', `/api/workflows/${enc(id)}/versions/${v}`);
  }
  diff(id: string, from: number, to: number) {
    return this.request<Diff>('GET', `/api/workflows/${enc(id)}/diff${query({ from: String(from), to: String(to) })}`);
  }
  /// Makes `version` (one that exists) the one that runs; writes no new version.
  publish(id: string, version: number, notes: string) {
    return this.request<Workflow>('POST', `/api/workflows/${enc(id)}/publish`, { version, notes });
  }
  revert(id: string, version: number, notes: string) {
    return this.request<Workflow>('POST', `/api/workflows/${enc(id)}/revert`, { version, notes });
  }
  validate(definition: Definition) {
    return this.request<{ valid: boolean; errors: Problem[]; warnings: Problem[] }>('POST', '/api/workflows/validate', definition);
  }
  /// Seed 000's validate-step: warnings when valid; an ApiError whose details hold the errors when not.
  validateStep(step: unknown, context: { available_steps: string[]; input_schema?: unknown }) {
    return this.request<{ valid: boolean; warnings: Problem[] }>('POST', '/api/workflows/validate-step', { step, context });
  }

  // Catalogue
  components() {
    return this.request<{ components: Component[] }>('GET', '/api/components');
  }
  /// One template with its definition and the example input it is tested with.
  template(id: string) {
    return this.request<TemplateDetail>('GET', `/api/templates/${enc(id)}`);
  }
  templates() {
    return this.request<{ templates: Template[] }>('GET', '/api/templates');
  }
  usage() {
    return this.request<Usage>('GET', '/api/tenants/me/usage');
  }
  me() {
    return this.request<{ tenant: string; tier: string }>('GET', '/api/tenants/me');
  }

  // Tenant settings (admins): secrets, custom components; schedules
  secrets() {
    return this.request<{ secrets: { name: string; updated_at: string }[] }>('GET', '/api/secrets');
  }
  putSecret(name: string, value: string) {
    return this.request<{ name: string }>('PUT', `/api/secrets/${enc(name)}`, { value });
  }
  deleteSecret(name: string) {
    return this.request<void>('DELETE', `/api/secrets/${enc(name)}`);
  }
  putComponent(type: string, body: CustomComponent) {
    return this.request<Component>('PUT', `/api/components/${enc(type)}`, body);
  }
  deleteComponent(type: string) {
    return this.request<void>('DELETE', `/api/components/${enc(type)}`);
  }
  schedules() {
    return this.request<{ schedules: Schedule[] }>('GET', '/api/schedules');
  }

  // Executions
  execute(workflowId: string, input: unknown) {
    return this.request<{ execution_id: string; status: string }>('POST', `/api/workflows/${enc(workflowId)}/execute`, { input });
  }
  /// A test run of `definition` (the canvas, saved or not) as workflow `workflowId`: a real
  /// execution, answered at once (wait_ms 1) so the run view can follow it live.
  testRun(workflowId: string, definition: Definition, input: unknown) {
    return this.request<{ execution_id: string; status: string }>('POST', `/api/workflows/${enc(workflowId)}/test-execute`, { definition, input, wait_ms: 1 });
  }
  /// Runs the workflow's latest saved version (published or not), answered at once: what
  /// "Start run" in the editor means when a later version than the published one is shown.
  runLatest(workflowId: string, input: unknown) {
    return this.request<{ execution_id: string; status: string }>('POST', `/api/workflows/${enc(workflowId)}/test-execute`, { input, wait_ms: 1 });
  }
  execution(id: string) {
    return this.request<Execution>('GET', `/api/executions/${enc(id)}`);
  }
  executions(q: { workflow_id?: string; status?: string; created_after?: string; created_before?: string; cursor?: string } = {}) {
    return this.request<{ executions: ExecutionSummary[]; next_cursor: string | null }>('GET', `/api/executions${query(q)}`);
  }
  /// The definition an execution runs, from its first event: exact even for a test run of an
  /// inline definition or a loop item (whose definition is the loop's body).
  async executionDefinition(id: string): Promise<Definition | null> {
    const r = await this.request<{ events: { type: string; definition?: Definition }[] }>('GET', `/api/executions/${enc(id)}/events?limit=1`);
    return r.events[0]?.type === 'execution_created' ? r.events[0].definition ?? null : null;
  }
  logs(id: string) {
    return this.request<{ logs: LogLine[] }>('GET', `/api/executions/${enc(id)}/logs`);
  }
  cancel(id: string) {
    return this.request<{ status: string }>('POST', `/api/executions/${enc(id)}/cancel`, { reason: 'cancelled from the console' });
  }
  signal(id: string, name: string, payload: unknown) {
    return this.request<{ delivered: boolean }>('POST', `/api/executions/${enc(id)}/signals/${enc(name)}`, payload);
  }
}

const enc = encodeURIComponent;

function query(q: Record<string, string | undefined>): string {
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${enc(k)}=${enc(v as string)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
