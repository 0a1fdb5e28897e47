import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCode, closeReason } from '../../shared/protocol.js';
import { TokenBucket } from './token-bucket.js';

/** How the supervisor watches sockets. */
export interface SupervisorOptions {
  /** Interval between liveness pings (and session checks); a peer that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
  /** Bytes allowed to wait in a socket's send buffer before its client is dropped as too slow. */
  maxBufferedBytes: number;
  /** Whether a session token still designates an open session. */
  sessionIsOpen: (token: string) => Promise<boolean>;
}

/** Close a supervised socket with a named code; its clean-up runs once, whatever ended the socket first. */
export type CloseSocket = (code: CloseCode) => void;

/** Warnings about clients breaking the protocol logged per minute, across all clients; the rest are counted. */
const PROTOCOL_WARNINGS_PER_MINUTE = 10;

/** What the supervisor keeps about one socket until it ends. */
interface Watched {
  socket: WebSocket;
  sessionToken: string | undefined;
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
  private readonly bySession = new Map<string, Set<CloseSocket>>();
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
    const w: Watched = { socket, sessionToken, onEnd, answered: true, close: (code) => this.closeWatched(w, code) };
    this.watched.set(socket, w);
    socket.on('pong', this.onPong);
    socket.on('close', this.onClose);
    if (sessionToken) {
      let sockets = this.bySession.get(sessionToken);
      if (!sockets) this.bySession.set(sessionToken, (sockets = new Set()));
      sockets.add(w.close);
    }
    return w.close;
  }

  /** Whether more bytes wait in a socket's send buffer than a client that keeps up would leave there. */
  isSlow(socket: WebSocket): boolean {
    return socket.bufferedAmount > this.options.maxBufferedBytes;
  }

  /** Close every socket opened with a session (at sign-out). */
  endSession(sessionToken: string): void {
    for (const close of this.bySession.get(sessionToken) ?? []) close(CloseCode.sessionEnded);
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

  /** Close the sockets of every session that has ended (checked each interval, and at once when sessions are revoked). */
  async closeEndedSessions(): Promise<void> {
    for (const token of [...this.bySession.keys()]) if (!(await this.options.sessionIsOpen(token))) this.endSession(token);
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
    void this.closeEndedSessions();
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
    if (w.sessionToken) this.untrack(w.sessionToken, w.close);
    w.onEnd();
  }

  private untrack(sessionToken: string, close: CloseSocket): void {
    const sockets = this.bySession.get(sessionToken);
    sockets?.delete(close);
    if (sockets?.size === 0) this.bySession.delete(sessionToken);
  }
}
