import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { EVENTS_PROTOCOL_VERSION, type RulebookEvent } from '../shared/protocol.js';

/**
 * What listeners receive: a rulebook event, or `resync` after the socket came back from a drop (events may have
 * been missed meanwhile, so everything shown should be fetched again).
 */
export type RulebookSignal = RulebookEvent | { type: 'resync' };

type Listener = (signal: RulebookSignal) => void;

/** One live events channel for a rulebook page, shared by every part of the page. */
export interface RulebookEvents {
  subscribe(listener: Listener): () => void;
  close(): void;
}

/** Close codes after which reconnecting is pointless (the rulebook does not exist). */
const FINAL_CLOSE_CODES = new Set([4404]);
const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

function isRulebookEvent(value: unknown): value is RulebookEvent {
  const event = value as { v?: unknown; type?: unknown } | null;
  return typeof event === 'object' && event !== null && event.v === EVENTS_PROTOCOL_VERSION && typeof event.type === 'string';
}

/**
 * Open `/events/:slug` and keep it open: after a drop, reconnect with exponential backoff (1 s doubling to 30 s,
 * with jitter) and tell listeners to resync. Messages that are not version-1 events are ignored.
 */
export function connectRulebookEvents(slug: string): RulebookEvents {
  const listeners = new Set<Listener>();
  let socket: WebSocket | null = null;
  let closed = false;
  let attempt = 0;
  let everOpened = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const emit = (signal: RulebookSignal) => {
    for (const listener of [...listeners]) listener(signal);
  };

  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/events/${encodeURIComponent(slug)}`);
    socket = ws;
    ws.onopen = () => {
      if (everOpened && attempt > 0) emit({ type: 'resync' });
      everOpened = true;
      attempt = 0;
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      if (isRulebookEvent(parsed)) emit(parsed);
    };
    ws.onclose = (event) => {
      socket = null;
      if (closed || FINAL_CLOSE_CODES.has(event.code)) return;
      const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt) * (0.75 + Math.random() / 2);
      attempt++;
      timer = setTimeout(open, delay);
    };
  };

  // Reconnect at once when the browser comes back online instead of waiting out the backoff.
  const onOnline = () => {
    if (closed || socket) return;
    clearTimeout(timer);
    open();
  };
  window.addEventListener('online', onOnline);
  open();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      listeners.clear();
      socket?.close(1000);
    },
  };
}

/** The events channel of the rulebook page being shown (null outside one). */
export const RulebookEventsContext = createContext<RulebookEvents | null>(null);

/** Open the events channel of a rulebook for the life of the component (null until opened). */
export function useRulebookEventsChannel(slug: string): RulebookEvents | null {
  const [events, setEvents] = useState<RulebookEvents | null>(null);
  useEffect(() => {
    const opened = connectRulebookEvents(slug);
    setEvents(opened);
    return () => opened.close();
  }, [slug]);
  return events;
}

/**
 * Call `handler` on every event of the page's rulebook for which `wants` is true (and on every resync). The latest
 * handler is used, so it may close over fresh state.
 */
export function useRulebookEvent(handler: (signal: RulebookSignal) => void, wants: (event: RulebookEvent) => boolean = () => true): void {
  const events = useContext(RulebookEventsContext);
  const latest = useRef({ handler, wants });
  latest.current = { handler, wants };
  useEffect(() => {
    if (!events) return;
    return events.subscribe((signal) => {
      if (signal.type === 'resync' || latest.current.wants(signal)) latest.current.handler(signal);
    });
  }, [events]);
}
