import { accessToken, refreshSession } from './client.ts';
import { session } from './session.ts';

/**
 * The store's live event feed (`GET /admin/v1/events/live`, a WebSocket). One connection per
 * signed-in tab, shared by every listener. The browser cannot set headers on a WebSocket, so the
 * access token travels as a subprotocol (`carton.bearer.<token>`). When the socket drops it
 * reconnects with `after=<last event id>` and the server replays what was missed; a socket closed
 * because its token expired (4001) reconnects with a refreshed one.
 */
export interface LiveEvent {
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  sequence: number;
  occurred_at: string;
  data: Record<string, unknown>;
}

export type LiveStatus = 'connecting' | 'open' | 'closed';
type EventListener = (event: LiveEvent) => void;
type StatusListener = (status: LiveStatus) => void;

const PROTOCOL = 'carton.events.v1';
/** The events the console shows or reacts to; the rest of the store's stream stays on the server. */
const TYPES = [
  'order.*',
  'fulfilment.*',
  'return.*',
  'payment.*',
  'payment_method.*',
  'cart.created',
  'cart.abandoned',
  'cart.recovered',
  'recovery_touch.recorded',
  'recovery_link.clicked',
  'message_template.*',
  'campaign.*',
  'campaign_run.*',
  'product.*',
  'variant.*',
  'category.*',
  'inventory.*',
  'catalog_import.*',
  'coupon.*',
  'gift_card.*',
  'customer.*',
].join(',');
const eventListeners = new Set<EventListener>();
const statusListeners = new Set<StatusListener>();
let socket: WebSocket | null = null;
let status: LiveStatus = 'closed';
let lastEventId: string | null = null;
let retries = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let wanted = false;

function setStatus(next: LiveStatus) {
  status = next;
  statusListeners.forEach((l) => l(next));
}

async function connect(): Promise<void> {
  if (!wanted || socket) return;
  setStatus('connecting');
  const token = await accessToken();
  if (!token || !wanted || socket) {
    setStatus('closed');
    return;
  }
  const url = new URL('/admin/v1/events/live', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('types', TYPES);
  if (lastEventId) url.searchParams.set('after', lastEventId);
  const ws = new WebSocket(url, [PROTOCOL, `carton.bearer.${token}`]);
  socket = ws;
  ws.onmessage = (message) => {
    let parsed: { kind: string; event?: LiveEvent };
    try {
      parsed = JSON.parse(String(message.data));
    } catch {
      return;
    }
    if (parsed.kind === 'ready') {
      retries = 0;
      setStatus('open');
    } else if (parsed.kind === 'event' && parsed.event) {
      lastEventId = parsed.event.id;
      eventListeners.forEach((l) => l(parsed.event!));
    } else if (parsed.kind === 'gap') {
      // Too much was missed to replay: listeners reload what they show.
      eventListeners.forEach((l) =>
        l({
          id: '',
          type: 'feed.gap',
          aggregate_type: '',
          aggregate_id: '',
          sequence: 0,
          occurred_at: '',
          data: {},
        }),
      );
    }
  };
  ws.onclose = (close) => {
    if (socket === ws) socket = null;
    setStatus('closed');
    if (!wanted) return;
    if (close.code === 4001) void refreshSession().then(() => schedule(0));
    else schedule(Math.min(30_000, 1000 * 2 ** retries++));
  };
}

function schedule(delay: number) {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void connect();
  }, delay);
}

function start() {
  wanted = true;
  void connect();
}

function stop() {
  wanted = false;
  if (timer) clearTimeout(timer);
  timer = null;
  lastEventId = null;
  socket?.close(1000, 'signed out');
  socket = null;
  setStatus('closed');
}

// Connected while someone is signed in (and enrolled), closed when they sign out.
session.subscribe(() => {
  const s = session.get();
  if (!s || s.mfaEnrolmentRequired) stop();
  else if (eventListeners.size) start();
});

export const liveFeed = {
  subscribe(listener: EventListener): () => void {
    eventListeners.add(listener);
    const s = session.get();
    if (s && !s.mfaEnrolmentRequired) start();
    return () => {
      eventListeners.delete(listener);
      if (eventListeners.size === 0) stop();
    };
  },
  onStatus(listener: StatusListener): () => void {
    statusListeners.add(listener);
    return () => statusListeners.delete(listener);
  },
  get status(): LiveStatus {
    return status;
  },
};
