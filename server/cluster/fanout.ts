import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** What one instance tells the others, and hears from them: draft updates it logged, and rulebook events. */
export interface Fanout {
  /** Tell the other instances of an update to a rulebook's draft, once its row is committed. */
  publishUpdate(rulebookId: string, update: Uint8Array): void;
  /** Hear the other instances' updates to a rulebook's draft until the returned function is called. */
  watchDraft(rulebookId: string, onUpdate: (update: Uint8Array) => void): () => void;
  /** Tell the other instances of a rulebook event (its wire form). */
  publishEvent(rulebookId: string, json: string): void;
  /** Hear the other instances' rulebook events. */
  onEvent(listener: (rulebookId: string, json: string) => void): void;
  /** Whether messages flow now (false while Redis is unreachable: the database poll then carries the drafts). */
  readonly connected: boolean;
  close(): Promise<void>;
}

const DRAFT = 'amendo:draft:';
const EVENTS = 'amendo:events:';

/**
 * The fan-out between instances over Redis pub/sub. Redis only carries what the database already holds (updates are
 * published once their row is committed), so a Redis that restarts or drops a message loses nothing: each instance
 * also reads the log back (see `DocRegistry`), and messages from this instance come back to it and are dropped.
 */
export class RedisFanout implements Fanout {
  /** Who this process is in messages: its own come back and are ignored. */
  private readonly origin = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly drafts = new Map<string, Set<(update: Uint8Array) => void>>();
  private readonly eventListeners: Array<(rulebookId: string, json: string) => void> = [];

  constructor(url: string, onError: (err: unknown) => void) {
    // Publishing never waits for a reconnect: a message that cannot go now is carried by the database poll.
    this.pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.sub = new Redis(url, { maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) client.on('error', onError);
    void this.sub.psubscribe(`${EVENTS}*`).catch(onError);
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receiveDraft(channel.toString(), message));
    this.sub.on('pmessage', (_pattern: string, channel: string, message: string) => this.receiveEvent(channel, message));
  }

  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  publishUpdate(rulebookId: string, update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.origin);
    encoding.writeVarUint8Array(encoder, update);
    this.pub.publish(DRAFT + rulebookId, Buffer.from(encoding.toUint8Array(encoder))).catch(() => undefined);
  }

  watchDraft(rulebookId: string, onUpdate: (update: Uint8Array) => void): () => void {
    let set = this.drafts.get(rulebookId);
    if (!set) {
      this.drafts.set(rulebookId, (set = new Set()));
      void this.sub.subscribe(DRAFT + rulebookId).catch(() => undefined);
    }
    set.add(onUpdate);
    return () => {
      set.delete(onUpdate);
      if (set.size > 0 || this.drafts.get(rulebookId) !== set) return;
      this.drafts.delete(rulebookId);
      void this.sub.unsubscribe(DRAFT + rulebookId).catch(() => undefined);
    };
  }

  publishEvent(rulebookId: string, json: string): void {
    this.pub.publish(EVENTS + rulebookId, JSON.stringify({ o: this.origin, e: json })).catch(() => undefined);
  }

  onEvent(listener: (rulebookId: string, json: string) => void): void {
    this.eventListeners.push(listener);
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private receiveDraft(channel: string, message: Buffer): void {
    if (!channel.startsWith(DRAFT)) return;
    let origin: string;
    let update: Uint8Array;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      origin = decoding.readVarString(decoder);
      update = decoding.readVarUint8Array(decoder);
    } catch {
      return; // not ours
    }
    if (origin === this.origin) return;
    for (const listener of this.drafts.get(channel.slice(DRAFT.length)) ?? []) listener(update);
  }

  private receiveEvent(channel: string, message: string): void {
    let parsed: { o?: unknown; e?: unknown };
    try {
      parsed = JSON.parse(message) as { o?: unknown; e?: unknown };
    } catch {
      return;
    }
    if (parsed.o === this.origin || typeof parsed.e !== 'string') return;
    for (const listener of this.eventListeners) listener(channel.slice(EVENTS.length), parsed.e);
  }
}
