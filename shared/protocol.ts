/**
 * The collaboration channel speaks the y-websocket wire protocol unchanged (message types below, from
 * y-protocols); these constants name its message types and the close codes Amendo's server uses.
 */
export const CollabMessage = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

/** WebSocket close codes sent by the collaboration server, each with the reason string it sends. */
export const CloseCode = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** A frame larger than the configured limit (ws closes with this code itself). */
  messageTooBig: 1009,
  /** A message that is not valid y-websocket protocol or not a decodable Yjs update. */
  malformedMessage: 4400,
  /** The rulebook in the URL does not exist. */
  rulebookNotFound: 4404,
  /** The client reads too slowly: too many bytes are waiting to be sent to it. */
  slowConsumer: 4408,
  /** Presence abuse: more awareness client ids than one connection needs, a state too large, or too many updates. */
  presenceAbuse: 4413,
  /** Too many messages, or too many requests for the whole document, from one connection. */
  rateLimited: 4429,
  /**
   * The server cannot store edits right now. In y-websocket's "try again later" range (4500-4599): the provider
   * keeps the edits and reconnects, then resends whatever the server lacks.
   */
  storageUnavailable: 4503,
  /**
   * The session the socket was opened with has ended (signed out, or expired). Outside the permanent range, so
   * the provider reconnects, as whoever the browser now is: usually a reader.
   */
  sessionEnded: 4511,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The reason string sent with each close code. */
export const closeReason: Record<CloseCode, string> = {
  [CloseCode.goingAway]: 'server_shutting_down',
  [CloseCode.messageTooBig]: 'message_too_big',
  [CloseCode.malformedMessage]: 'malformed_message',
  [CloseCode.sessionEnded]: 'session_ended',
  [CloseCode.rulebookNotFound]: 'rulebook_not_found',
  [CloseCode.slowConsumer]: 'slow_consumer',
  [CloseCode.presenceAbuse]: 'presence_abuse',
  [CloseCode.rateLimited]: 'rate_limited',
  [CloseCode.storageUnavailable]: 'storage_unavailable',
};

/** Reason sent in a y-protocols auth "permission denied" message when a read-only client tries to write. */
export const READ_ONLY_REASON = 'read_only';

/** Version of the rulebook events protocol (`GET /events/:slug`); sent in every message as `v`. */
export const EVENTS_PROTOCOL_VERSION = 1;

/**
 * What the events channel tells everyone viewing a rulebook: which thing changed, so pages refresh the
 * parts they show (and the history, since every change is audited). Every message is JSON `{ v, type, … }`.
 */
export type RulebookEvent =
  | { v: 1; type: 'comment.changed'; articleId: string; commentId: string; change: 'created' | 'edited' | 'deleted' | 'hidden' | 'restored' }
  | { v: 1; type: 'amendment.changed'; amendmentId: string; articleId: string | null; status: string; supportCount?: number; change: 'created' | 'edited' | 'withdrawn' | 'supported' | 'decided' }
  | { v: 1; type: 'rulebook.changed'; change: 'created' | 'window' | 'members' | 'participation' | 'releases' | 'draft' };

/** A rulebook event without its protocol version, as the server publishes it. */
export type RulebookEventBody = RulebookEvent extends infer E ? (E extends { v: 1 } ? Omit<E, 'v'> : never) : never;
