// Follows one execution over seed 001's WebSocket (/api/workflow/ws/{workflow}), resuming
// after the last seq it saw whenever the connection drops: the server replays what was
// missed from the log, then goes on live, so nothing is lost and nothing comes twice.
import type { Session } from './client';
import type { LiveEvent } from '../run/runState';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface Follow {
  close(): void;
}

export function followExecution(
  session: Session,
  workflowId: string,
  executionId: string,
  since: number,
  onEvent: (e: LiveEvent) => void,
  onState: (s: LinkState) => void,
): Follow {
  let last = since;
  let socket: WebSocket | null = null;
  let closed = false;
  let delay = 250;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const q = new URLSearchParams({ token: session.token, since: String(last), execution_id: executionId });
    const ws = new WebSocket(`${scheme}://${location.host}/api/workflow/ws/${encodeURIComponent(workflowId)}?${q}`);
    socket = ws;
    ws.onmessage = (m) => {
      let msg: LiveEvent;
      try {
        msg = JSON.parse(String(m.data));
      } catch {
        return;
      }
      if (msg.event_type === 'subscribed') {
        delay = 250;
        onState('live');
        return;
      }
      if (msg.event_type === 'lagged') return ws.close();  // reconnect from `last`
      const seq = msg.data?.seq;
      if (msg.data?.execution_id !== executionId || typeof seq !== 'number' || seq <= last) return;
      last = seq;
      onEvent(msg);
    };
    ws.onclose = () => {
      if (closed) return;
      onState('reconnecting');
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  onState('connecting');
  open();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
      onState('closed');
    },
  };
}
