// Follows one execution live: its snapshot and log lines, then its events over the WebSocket
// from the snapshot's last seq (the run page does the same with its own view of the graph).
import { useEffect, useState } from 'react';
import type { Api } from '../api/client';
import { followExecution, type LinkState } from '../api/live';
import { terminal } from '../api/types';
import { applyEvent, initialRun, type RunState } from './runState';

export function useRun(api: Api, executionId: string | null): { run: RunState | null; link: LinkState; error: string } {
  const [run, setRun] = useState<RunState | null>(null);
  const [link, setLink] = useState<LinkState>('connecting');
  const [error, setError] = useState('');
  useEffect(() => {
    setRun(null);
    setError('');
    if (!executionId) return;
    let follow: { close(): void } | null = null;
    let alive = true;
    (async () => {
      try {
        const execution = await api.execution(executionId);
        const logs = (await api.logs(executionId)).logs.filter((l) => l.seq <= execution.last_seq);
        if (!alive) return;
        setRun(initialRun(execution, logs));
        if (terminal(execution.status)) return setLink('closed');
        follow = followExecution(api.session, execution.workflow_id, executionId, execution.last_seq,
          (e) => setRun((r) => (r ? applyEvent(r, e) : r)), setLink);
      } catch (e) {
        if (alive) setError((e as Error).message);
      }
    })();
    return () => { alive = false; follow?.close(); };
  }, [api, executionId]);
  const finished = run ? terminal(run.execution.status) : false;
  useEffect(() => { if (finished) setLink('closed'); }, [finished]);
  return { run, link, error };
}
