import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCode, closeReason } from '../../shared/protocol.js';
import { TokenBucket } from './token-bucket.js';
import { hashSecret } from '../domain/account-tokens.js';
import type { Signal } from '../cluster/fanout.js';

/** How the supervisor watches sockets. */
export interface SupervisorOptions {
  /** Interval between liveness pings (and session checks); a peer that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
  /** Bytes allowed to wait in a socket's send buffer before its client is dropped as too slow. */
  maxBufferedBytes: number;
  /** Whether a session token still designates an open session. */
  sessionIsOpen: (token: string) => Promise<boolean>;
  /** Tell the other instances that sessions ended, so that they close their sockets too (when there are others). */
  relay?: (signal: Extract<Signal, { type: 'session-ended' | 'sessions-revoked' }>) => void;
}

/** Close a supervised socket with a named code; its clean-up runs once, whatever ended the socket first. */
export type CloseSocket = (code: CloseCode) => void;

/** Warnings about clients breaking the protocol logged per minute, across all clients; the rest are counted. */
const PROTOCOL_WARNINGS_PER_MINUTE = 10;

/** What the supervisor keeps about one socket until it ends. */
interface Watched {
  socket: WebSocket;
  /** The SHA-256 of the session's secret: how sessions are named between instances. */
  sessionId: string | undefined;
  onEnd: () => void;
  /** Whether the peer answered the last ping. */
  answered: boolean;
  close: CloseSocket;
}

/**
 * What every WebSocket endpoint shares: liveness (a ping each interval; a peer that has not answered the previous
 * one is half-open and dropped), the sockets opened with each session (closed when it ends: at sign-out, or found
 * expired at the next check), the slow-consumer threshold, and throttled warnings about protocol violations.
 * One timer sweeps every socket each interval, and the `pong` and `close` listeners are shared: an idle socket
 * costs the supervisor one small record.
 */
export class SocketSupervisor {
  private readonly watched = new Map<WebSocket, Watched>();
  /** The sockets of each session, by session id, with the session's secret (to check it). */
  private readonly bySession = new Map<string, { token: string; sockets: Set<CloseSocket> }>();
  private readonly sweep: NodeJS.Timeout;
  private readonly warnings = new TokenBucket(PROTOCOL_WARNINGS_PER_MINUTE, PROTOCOL_WARNINGS_PER_MINUTE / 60);
  private suppressedWarnings = 0;
  private readonly onPong: (this: WebSocket) => void;
  private readonly onClose: (this: WebSocket) => void;

  constructor(private readonly options: SupervisorOptions) {
    const watched = this.watched;
    const end = (w: Watched | undefined) => w && this.end(w);
    this.onPong = function () {
      const w = watched.get(this);
      if (w) w.answered = true;
    };
    this.onClose = function () {
      end(watched.get(this));
    };
    this.sweep = setInterval(() => this.sweepAll(), options.pingIntervalMs).unref();
  }

  /**
   * Watch an open socket until it ends: ping it, drop it when half-open, close it when the session it was opened
   * with (if any) ends. `onEnd` runs exactly once, at the first of: the socket closing, the returned function
   * closing it, the peer being dropped. The returned function is the one way to close the socket.
   */
  supervise(socket: WebSocket, sessionToken: string | undefined, onEnd: () => void): CloseSocket {
    const sessionId = sessionToken === undefined ? undefined : hashSecret(sessionToken);
    const w: Watched = { socket, sessionId, onEnd, answered: true, close: (code) => this.closeWatched(w, code) };
    this.watched.set(socket, w);
    socket.on('pong', this.onPong);
    socket.on('close', this.onClose);
    if (sessionToken && sessionId) {
      let session = this.bySession.get(sessionId);
      if (!session) this.bySession.set(sessionId, (session = { token: sessionToken, sockets: new Set() }));
      session.sockets.add(w.close);
    }
    return w.close;
  }

  /** Whether more bytes wait in a socket's send buffer than a client that keeps up would leave there. */
  isSlow(socket: WebSocket): boolean {
    return socket.bufferedAmount > this.options.maxBufferedBytes;
  }

  /** Close every socket opened with a session, here and on the other instances (at sign-out). */
  endSession(sessionToken: string): void {
    const sessionId = hashSecret(sessionToken);
    this.closeSession(sessionId);
    this.options.relay?.({ type: 'session-ended', sessionId });
  }

  /** Close the sockets of every session that has ended, here and on the other instances (after sessions are revoked). */
  async closeEndedSessions(): Promise<void> {
    this.options.relay?.({ type: 'sessions-revoked' });
    await this.checkSessions();
  }

  /** Follow what another instance tells of sessions that ended. */
  hear(signal: Signal): void {
    if (signal.type === 'session-ended') this.closeSession(signal.sessionId);
    else if (signal.type === 'sessions-revoked') void this.checkSessions();
  }

  /** Log a client's protocol violation at warn level, at most a few a minute in all; the others are counted. */
  warnProtocolViolation(log: FastifyBaseLogger, details: Record<string, unknown>, message: string): void {
    if (!this.warnings.take()) {
      this.suppressedWarnings++;
      return;
    }
    log.warn({ ...details, ...(this.suppressedWarnings ? { suppressedSinceLast: this.suppressedWarnings } : {}) }, message);
    this.suppressedWarnings = 0;
  }

  /** Stop pinging and checking sessions (at shutdown). */
  stop(): void {
    clearInterval(this.sweep);
  }

  /** Close the sockets of every session of this instance that has ended (checked each interval, and when told). */
  private async checkSessions(): Promise<void> {
    for (const [sessionId, { token }] of [...this.bySession]) if (!(await this.options.sessionIsOpen(token))) this.closeSession(sessionId);
  }

  private closeSession(sessionId: string): void {
    for (const close of this.bySession.get(sessionId)?.sockets ?? []) close(CloseCode.sessionEnded);
  }

  /** Each interval: drop the peers that did not answer the last ping, ping the others, close ended sessions. */
  private sweepAll(): void {
    for (const w of this.watched.values()) {
      if (!w.answered) {
        w.socket.terminate();
        this.end(w);
        continue;
      }
      w.answered = false;
      w.socket.ping();
    }
    void this.checkSessions();
  }

  private closeWatched(w: Watched, code: CloseCode): void {
    if (w.socket.readyState === w.socket.OPEN) w.socket.close(code, closeReason[code]);
    this.end(w);
  }

  /** The one clean-up of a socket, whatever ended it; again: nothing happens. */
  private end(w: Watched): void {
    if (this.watched.get(w.socket) !== w) return;
    this.watched.delete(w.socket);
    w.socket.off('pong', this.onPong);
    w.socket.off('close', this.onClose);
    if (w.sessionId) this.untrack(w.sessionId, w.close);
    w.onEnd();
  }

  private untrack(sessionId: string, close: CloseSocket): void {
    const session = this.bySession.get(sessionId);
    session?.sockets.delete(close);
    if (session?.sockets.size === 0) this.bySession.delete(sessionId);
  }
}
