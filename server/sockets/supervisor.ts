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
  sessionIsOpen: (token: string) => boolean;
}

/** Close a supervised socket with a named code; its clean-up runs once, whatever ended the socket first. */
export type CloseSocket = (code: CloseCode) => void;

/** Warnings about clients breaking the protocol logged per minute, across all clients; the rest are counted. */
const PROTOCOL_WARNINGS_PER_MINUTE = 10;

/**
 * What every WebSocket endpoint shares: liveness (a ping each interval; a peer that has not answered the previous
 * one is half-open and dropped), the sockets opened with each session (closed when it ends: at sign-out, or found
 * expired at the next check), the slow-consumer threshold, and throttled warnings about protocol violations.
 */
export class SocketSupervisor {
  private readonly bySession = new Map<string, Set<CloseSocket>>();
  private readonly sessionCheck: NodeJS.Timeout;
  private readonly warnings = new TokenBucket(PROTOCOL_WARNINGS_PER_MINUTE, PROTOCOL_WARNINGS_PER_MINUTE / 60);
  private suppressedWarnings = 0;

  constructor(private readonly options: SupervisorOptions) {
    this.sessionCheck = setInterval(() => this.closeEndedSessions(), options.pingIntervalMs).unref();
  }

  /**
   * Watch an open socket until it ends: ping it, drop it when half-open, close it when the session it was opened
   * with (if any) ends. `onEnd` runs exactly once, at the first of: the socket closing, the returned function
   * closing it, the peer being dropped. The returned function is the one way to close the socket.
   */
  supervise(socket: WebSocket, sessionToken: string | undefined, onEnd: () => void): CloseSocket {
    let ended = false;
    let answered = true;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(ping);
      if (sessionToken) this.untrack(sessionToken, close);
      onEnd();
    };
    const close: CloseSocket = (code) => {
      if (socket.readyState === socket.OPEN) socket.close(code, closeReason[code]);
      end();
    };
    const ping = setInterval(() => {
      if (!answered) {
        socket.terminate();
        end();
        return;
      }
      answered = false;
      socket.ping();
    }, this.options.pingIntervalMs).unref();
    socket.on('pong', () => (answered = true));
    socket.on('close', end);
    if (sessionToken) {
      let sockets = this.bySession.get(sessionToken);
      if (!sockets) this.bySession.set(sessionToken, (sockets = new Set()));
      sockets.add(close);
    }
    return close;
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

  /** Stop checking sessions (at shutdown). */
  stop(): void {
    clearInterval(this.sessionCheck);
  }

  private untrack(sessionToken: string, close: CloseSocket): void {
    const sockets = this.bySession.get(sessionToken);
    sockets?.delete(close);
    if (sockets?.size === 0) this.bySession.delete(sessionToken);
  }

  /** Close the sockets of every session that has ended (checked each interval, and at once when sessions are revoked). */
  closeEndedSessions(): void {
    for (const token of this.bySession.keys()) if (!this.options.sessionIsOpen(token)) this.endSession(token);
  }
}
