import { EVENTS_PROTOCOL_VERSION, type RulebookEvent, type RulebookEventBody } from '../../shared/protocol.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Live rulebook events, relayed to browsers by `GET /events/:slug`. */
    events: EventBus;
  }
}

/** Told of each event, with its wire form (encoded once per event, whatever the number of listeners). */
type Listener = (event: RulebookEvent, json: string) => void;

/** In-process publish/subscribe of rulebook events, keyed by rulebook id. */
export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  /** Listen to a rulebook's events; returns the function that stops listening. */
  subscribe(rulebookId: string, listener: Listener): () => void {
    let set = this.listeners.get(rulebookId);
    if (!set) this.listeners.set(rulebookId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(rulebookId);
    };
  }

  /** Tell every listener of a rulebook that something changed; returns the event's wire form. */
  publish(rulebookId: string, body: RulebookEventBody): string {
    const event = { v: EVENTS_PROTOCOL_VERSION, ...body } as RulebookEvent;
    const json = JSON.stringify(event);
    for (const listener of this.listeners.get(rulebookId) ?? []) listener(event, json);
    return json;
  }

  /** Tell this instance's listeners of an event published on another instance (its wire form). */
  deliver(rulebookId: string, json: string): void {
    const listeners = this.listeners.get(rulebookId);
    if (!listeners) return;
    const event = JSON.parse(json) as RulebookEvent;
    for (const listener of listeners) listener(event, json);
  }
}
