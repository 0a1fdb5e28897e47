import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Role } from '../../shared/validation/api.js';

/** What a loaded room hears from the other instances. */
export interface RoomChannel {
  /** An update to the draft another instance logged. */
  update(update: Uint8Array): void;
  /** A change to the presence shown on another instance (an awareness update). */
  presence(update: Uint8Array): void;
  /** Another instance loaded the room and asks for the presence shown here. */
  presenceWanted(): void;
}

/** What an instance tells the others about people and sessions, so that their open sockets follow. */
export type Signal =
  | { type: 'role'; rulebookId: string; userId: string; role: Role | null }
  /** A session ended (sign-out): `sessionId` is the SHA-256 of its secret, which it does not reveal. */
  | { type: 'session-ended'; sessionId: string }
  /** Sessions were revoked (password reset, "sign out elsewhere"): each instance checks its open sockets' sessions. */
  | { type: 'sessions-revoked' }
  | { type: 'nudge'; userIds: string[] }
  /** Something about a rulebook changed: answers kept about it are stale (`ReadCache`). */
  | { type: 'changed'; rulebookId: string };

/** What one instance tells the others, and hears from them: the live drafts, rulebook events and signals. */
export interface Fanout {
  /** Tell the other instances of an update to a rulebook's draft, once its row is committed. */
  publishUpdate(rulebookId: string, update: Uint8Array): void;
  /** Tell the other instances of a change to the presence shown here in a rulebook's draft. */
  publishPresence(rulebookId: string, update: Uint8Array): void;
  /** Ask the other instances for the presence they show in a rulebook's draft (answered through `presence`). */
  askPresence(rulebookId: string): void;
  /** Hear the other instances about a rulebook's draft until the returned function is called. */
  watchRoom(rulebookId: string, channel: RoomChannel): () => void;
  /** Tell the other instances of a rulebook event (its wire form). */
  publishEvent(rulebookId: string, json: string): void;
  /** Hear the other instances' rulebook events. */
  onEvent(listener: (rulebookId: string, json: string) => void): void;
  /** Tell the other instances of a signal. */
  publishSignal(signal: Signal): void;
  /** Hear the other instances' signals. */
  onSignal(listener: (signal: Signal) => void): void;
  /** Whether messages flow now (false while Redis is unreachable: the database poll then carries the drafts). */
  readonly connected: boolean;
  close(): Promise<void>;
}

/** What a message on a room's channel carries. */
const enum RoomMessage {
  update = 0,
  presence = 1,
  presenceWanted = 2,
}

const DRAFT = 'amendo:draft:';
const EVENTS = 'amendo:events:';
const SIGNALS = 'amendo:signals';

/**
 * The fan-out between instances over Redis pub/sub. Redis only carries what the database already holds (updates are
 * published once their row is committed), so a Redis that restarts or drops a message loses nothing: each instance
 * also reads the log back (see `DocRegistry`), and messages from this instance come back to it and are dropped.
 * Presence is not stored: a lost message is made good by the next renewal (clients renew theirs every 15 s), and
 * the presence of an instance that died times out on the others (30 s) like any silent client's.
 */
export class RedisFanout implements Fanout {
  /** Who this process is in messages: its own come back and are ignored. */
  private readonly origin = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly rooms = new Map<string, Set<RoomChannel>>();
  private readonly eventListeners: Array<(rulebookId: string, json: string) => void> = [];
  private readonly signalListeners: Array<(signal: Signal) => void> = [];

  constructor(url: string, onError: (err: unknown) => void) {
    // Publishing never waits for a reconnect: a message that cannot go now is carried by the database poll.
    this.pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.sub = new Redis(url, { maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) client.on('error', onError);
    void this.sub.psubscribe(`${EVENTS}*`).catch(onError);
    void this.sub.subscribe(SIGNALS).catch(onError);
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    this.sub.on('pmessage', (_pattern: string, channel: string, message: string) => this.receiveEvent(channel, message));
  }

  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  publishUpdate(rulebookId: string, update: Uint8Array): void {
    this.publishToRoom(rulebookId, RoomMessage.update, update);
  }

  publishPresence(rulebookId: string, update: Uint8Array): void {
    this.publishToRoom(rulebookId, RoomMessage.presence, update);
  }

  askPresence(rulebookId: string): void {
    this.publishToRoom(rulebookId, RoomMessage.presenceWanted, new Uint8Array());
  }

  watchRoom(rulebookId: string, channel: RoomChannel): () => void {
    let set = this.rooms.get(rulebookId);
    if (!set) {
      this.rooms.set(rulebookId, (set = new Set()));
      void this.sub.subscribe(DRAFT + rulebookId).catch(() => undefined);
    }
    set.add(channel);
    return () => {
      set.delete(channel);
      if (set.size > 0 || this.rooms.get(rulebookId) !== set) return;
      this.rooms.delete(rulebookId);
      void this.sub.unsubscribe(DRAFT + rulebookId).catch(() => undefined);
    };
  }

  publishEvent(rulebookId: string, json: string): void {
    this.pub.publish(EVENTS + rulebookId, JSON.stringify({ o: this.origin, e: json })).catch(() => undefined);
  }

  onEvent(listener: (rulebookId: string, json: string) => void): void {
    this.eventListeners.push(listener);
  }

  publishSignal(signal: Signal): void {
    this.pub.publish(SIGNALS, JSON.stringify({ o: this.origin, s: signal })).catch(() => undefined);
  }

  onSignal(listener: (signal: Signal) => void): void {
    this.signalListeners.push(listener);
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private publishToRoom(rulebookId: string, kind: RoomMessage, payload: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.origin);
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarUint8Array(encoder, payload);
    this.pub.publish(DRAFT + rulebookId, Buffer.from(encoding.toUint8Array(encoder))).catch(() => undefined);
  }

  private receive(channel: string, message: Buffer): void {
    if (channel === SIGNALS) this.receiveSignal(message.toString());
    if (!channel.startsWith(DRAFT)) return;
    let origin: string;
    let kind: number;
    let payload: Uint8Array;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      origin = decoding.readVarString(decoder);
      kind = decoding.readVarUint(decoder);
      payload = decoding.readVarUint8Array(decoder);
    } catch {
      return; // not ours
    }
    if (origin === this.origin) return;
    for (const room of this.rooms.get(channel.slice(DRAFT.length)) ?? []) {
      if (kind === RoomMessage.update) room.update(payload);
      else if (kind === RoomMessage.presence) room.presence(payload);
      else if (kind === RoomMessage.presenceWanted) room.presenceWanted();
    }
  }

  private receiveEvent(channel: string, message: string): void {
    const parsed = this.fromOthers(message);
    if (typeof parsed?.e !== 'string') return;
    for (const listener of this.eventListeners) listener(channel.slice(EVENTS.length), parsed.e);
  }

  private receiveSignal(message: string): void {
    const signal = this.fromOthers(message)?.s as Signal | undefined;
    if (typeof signal?.type !== 'string') return;
    for (const listener of this.signalListeners) listener(signal);
  }

  /** A JSON message another instance sent, or null (one of ours, or not JSON). */
  private fromOthers(message: string): Record<string, unknown> | null {
    try {
      const parsed = JSON.parse(message) as Record<string, unknown> | null;
      return parsed && parsed.o !== this.origin ? parsed : null;
    } catch {
      return null;
    }
  }
}
