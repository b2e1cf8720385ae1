// The shapes of Weft's REST answers that the console reads (docs/api.md).

export interface Step {
  id: string;
  type: string;
  name?: string;
  description?: string;
  config?: Record<string, unknown>;
  next?: string | string[];
  on_error?: string;
  timeout_ms?: number;
  retry?: Record<string, unknown>;
  position?: { x: number; y: number };
  [key: string]: unknown;
}

export interface Link {
  from: string;
  to: string;
  handle?: string;
  [key: string]: unknown;
}

/// A definition's own fields (everything but its steps and edges).
export interface WorkflowMeta {
  name: string;
  description?: string;
  input_schema?: JsonSchema;
  settings?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Definition extends WorkflowMeta {
  steps: Step[];
  edges?: Link[];
}

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  [key: string]: unknown;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  description?: string;
  status: 'draft' | 'active';
  version: number;
  active_version: number | null;
  step_count: number;
  updated_at: string;
}

export interface Workflow extends WorkflowSummary {
  definition: Definition;
  warnings?: Problem[];
}

export interface Problem {
  code: string;
  message: string;
  pointer?: string;
}

export interface VersionInfo {
  version: number;
  change: string;
  notes?: string;
  created_by: string;
  created_at: string;
  active: boolean;
  published_at?: string;
  published_by?: string;
  publish_notes?: string;
}

export interface Diff {
  added: string[];
  removed: string[];
  changed: { step_id: string; fields: string[] }[];
  workflow_fields: string[];
}

export interface Parameter {
  name: string;
  label: string;
  type: 'string' | 'textarea' | 'number' | 'boolean' | 'select' | 'json' | 'secret';
  required: boolean;
  expression?: boolean;
  default?: unknown;
  options?: unknown[];
  description?: string;
}

export interface HandleInfo {
  id: string;
  type: 'source' | 'target';
  position: 'left' | 'right' | 'top' | 'bottom';
  label: string;
}

export interface Component {
  type: string;
  name: string;
  description: string;
  category: string;
  icon: string;
  color: string;
  tier: 'basic' | 'advanced' | 'custom';
  trigger: boolean;
  aliases: string[];
  parameters: Parameter[];
  input_handles: HandleInfo[];
  output_handles: HandleInfo[];
  dynamic_outputs: boolean;
  endpoint?: { url: string; auth_secret?: string; timeout_ms?: number };
}

/// A tenant's own step type, backed by an HTTP endpoint (docs/components.md).
export interface CustomComponent {
  name: string;
  description?: string;
  category?: string;
  config_schema?: JsonSchema;
  endpoint: { url: string; auth_secret?: string; timeout_ms?: number };
}

export interface Schedule {
  workflow_id: string;
  step_id: string;
  cron: string;
  timezone: string;
  missed: string;
  next_run_at: string | null;
  last_handled_at: string | null;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  category: string;
  tags: string[];
  step_count: number;
  available: boolean;
}

export interface TemplateDetail extends Template {
  definition: Definition;
  example?: { input?: unknown };
}

export type ExecutionStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timed_out';

export interface StepState {
  status: string;
  attempts?: number;
  duration_ms?: number;
  started_at?: string;
  finished_at?: string;
  output?: unknown;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

export interface Execution {
  execution_id: string;
  workflow_id: string;
  workflow_version: number;
  status: ExecutionStatus;
  progress: { total_nodes: number; completed_nodes: number; failed_nodes: number; skipped_nodes: number; percentage: number };
  current_step: string | null;
  input: unknown;
  output: unknown;
  error: { code: string; message: string; step_id?: string } | null;
  created_at: string;
  started_at?: string | null;
  finished_at?: string | null;
  last_seq: number;
  steps: Record<string, StepState>;
  queue_position?: number;
  parent_execution_id?: string | null;
}

export interface ExecutionSummary {
  execution_id: string;
  workflow_id: string;
  workflow_version: number;
  status: ExecutionStatus;
  created_at: string;
  started_at?: string | null;
  finished_at?: string | null;
  error_code?: string | null;
  parent_execution_id?: string | null;
}

export interface LogLine {
  seq: number;
  timestamp: string;
  step_id?: string | null;
  level: string;
  message: string;
}

export interface Usage {
  tenant: string;
  tier: string;
  limits: { step_classes?: 'basic' | 'advanced' | 'custom'; versioning?: boolean; [limit: string]: unknown };
  meters: { limit: string; used: number; allowed: number | null }[];
}

const classRank = { basic: 0, advanced: 1, custom: 2 };
/// Whether a plan that allows `allowed` step classes includes a step of class `tier`.
export const planAllows = (allowed: Usage['limits']['step_classes'] | undefined, tier: Component['tier']) =>
  allowed === undefined || classRank[tier] <= classRank[allowed];

export const terminal = (s: string) => s === 'completed' || s === 'failed' || s === 'cancelled' || s === 'timed_out';
