// The unsaved state of a workflow kept in this browser as it is edited, so that a reload, a
// crash of the tab or a page left by mistake loses nothing: the editor offers it back.
import type { Definition } from '../api/types';

export interface Draft {
  definition: Definition;
  basedOn: number | null;  // the version it was edited from (null: a new workflow)
  savedAt: number;
}

const key = (tenant: string, workflowId: string | undefined) => `weft.draft.${tenant}.${workflowId ?? 'new'}`;

export function loadDraft(tenant: string, workflowId: string | undefined): Draft | null {
  try {
    const d = JSON.parse(localStorage.getItem(key(tenant, workflowId)) ?? 'null');
    return d && d.definition && Array.isArray(d.definition.steps) ? d : null;
  } catch {
    return null;
  }
}

export function saveDraft(tenant: string, workflowId: string | undefined, draft: Draft) {
  try {
    localStorage.setItem(key(tenant, workflowId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the navigation guard still asks before leaving.
  }
}

export function clearDraft(tenant: string, workflowId: string | undefined) {
  localStorage.removeItem(key(tenant, workflowId));
}
