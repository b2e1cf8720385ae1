// A workflow's pinned test input, kept in this browser: the run form starts from it, so a
// user testing the same case again and again types it once. A workflow made from a template
// starts with the template's example pinned.
const key = (tenant: string, workflowId: string) => `weft.input.${tenant}.${workflowId}`;

export function loadPinned(tenant: string, workflowId: string | undefined): unknown {
  if (!workflowId) return undefined;
  try {
    return JSON.parse(localStorage.getItem(key(tenant, workflowId)) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

export function pin(tenant: string, workflowId: string, input: unknown) {
  try {
    localStorage.setItem(key(tenant, workflowId), JSON.stringify(input));
  } catch {
    // Storage full or disabled: the form starts empty, nothing else is lost.
  }
}

export function unpin(tenant: string, workflowId: string) {
  localStorage.removeItem(key(tenant, workflowId));
}

/// A template's example as a user can run it: the examples call a test service written
/// `{{stub}}`, which stands for the user's own.
export function exampleInput(input: unknown): unknown {
  return JSON.parse(JSON.stringify(input ?? {}).replaceAll('{{stub}}', 'https://api.example.com'));
}
