import { useEffect } from 'preact/hooks';
import type { PersonalEvent } from '../shared/validation/notifications.js';
import { session } from './session.js';
import { createStore } from './store.js';

/** The signed-in person's unread notifications (null when signed out or not known yet). */
export const unreadNotifications = createStore<number | null>(null);

const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/**
 * Keep `/events/me` open while someone is signed in: the server sends the unread count at once and whenever it
 * changes. After a drop, reconnect with backoff; the server closes it when the session ends.
 */
function connectPersonalEvents(): () => void {
  let socket: WebSocket | null = null;
  let closed = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/events/me`);
    socket = ws;
    ws.onopen = () => (attempt = 0);
    ws.onmessage = (message) => {
      try {
        const event = JSON.parse(String(message.data)) as PersonalEvent;
        if (event.v === 1 && event.type === 'notifications.changed') unreadNotifications.set(event.unread);
      } catch {
        // Not a message of ours: ignore it.
      }
    };
    ws.onclose = () => {
      if (closed) return;
      const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt++) * (0.5 + Math.random() / 2);
      timer = setTimeout(open, delay);
    };
  };
  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    socket?.close();
    unreadNotifications.set(null);
  };
}

/** Follow the unread count live for as long as the app runs, per signed-in person. */
export function usePersonalEvents(): void {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let who: string | null = null;
    const follow = (me: ReturnType<typeof session.get>) => {
      const next = me ? me.id : null;
      if (next === who) return;
      stop?.();
      stop = null;
      who = next;
      if (next) stop = connectPersonalEvents();
    };
    follow(session.get());
    const unsubscribe = session.subscribe(follow);
    return () => {
      unsubscribe();
      stop?.();
    };
  }, []);
}
