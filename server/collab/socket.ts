import { first } from '../db/handle.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { eq } from 'drizzle-orm';
import { rulebooks } from '../db/schema.js';
import { canWriteDraft, roleOf } from '../domain/access.js';
import { CloseCode, closeReason } from '../../shared/protocol.js';
import { SlugParams } from '../../shared/validation/api.js';
import { CollabConnection, type CollabIdentity } from './connection.js';
import type { Room } from './room.js';
import { isStorageError } from '../db/errors.js';
import { releaseUpgradeRequest } from '../sockets/upgrade.js';
import type { DocRegistry } from './registry.js';
import type { Role } from '../../shared/validation/api.js';

/** Make live connections of a person follow a role change on a rulebook. */
export function applyRoleChange(docs: DocRegistry, rulebookId: string, userId: string, role: Role | null): void {
  for (const peer of docs.loadedRoom(rulebookId)?.peers ?? []) {
    if (peer instanceof CollabConnection && peer.userId === userId) peer.setCanWrite(canWriteDraft(role));
  }
}

/** Whether the upgrade comes from a page of this site (or from a non-browser client, which sends no Origin). */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** What opening a collab connection found: no such rulebook, a socket closed meanwhile, or the room (held) and who connects. */
type Opening = 'not_found' | 'gone' | { room: Room; who: CollabIdentity };

/** Find the rulebook, who connects and what they may do, and hold its room. */
async function openRoom(app: FastifyInstance, socket: WebSocket, request: FastifyRequest, slug: string): Promise<Opening> {
  const rulebook = first(await app.db.select({ id: rulebooks.id }).from(rulebooks).where(eq(rulebooks.slug, slug)));
  if (!rulebook) return 'not_found';
  // A cross-site page cannot borrow a visitor's session to write: it gets a reader's connection.
  const user = sameOrigin(request.headers.origin, request.headers.host) ? request.user : null;
  const who: CollabIdentity = {
    userId: user?.id ?? null,
    displayName: user?.displayName ?? null,
    canWrite: canWriteDraft(await roleOf(app.db, rulebook.id, user?.id)),
    sessionToken: user ? request.sessionToken : undefined,
  };
  if (socket.readyState !== socket.OPEN) return 'gone';
  const room = await app.docs.open(rulebook.id);
  if (socket.readyState === socket.OPEN) return { room, who };
  app.docs.letGo(room);
  return 'gone';
}

/**
 * `GET /collab/:slug`: the live draft over the y-websocket protocol. The session cookie read at upgrade decides
 * whether the connection may write; frames are queued from the first moment until the document is loaded. While the
 * database is away the socket closes with `storage_unavailable`, and the provider reconnects later with its edits.
 */
export const collabRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/collab/:slug', { websocket: true, schema: { hide: true, params: SlugParams } }, async (socket, request) => {
    releaseUpgradeRequest(app, socket, request);
    const queue: Array<[Uint8Array, boolean]> = [];
    let connection: CollabConnection | null = null;
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (connection) connection.receive(bytes, isBinary);
      else queue.push([bytes, isBinary]);
    });

    let opening: Opening;
    try {
      opening = await openRoom(app, socket, request, request.params.slug);
    } catch (err) {
      if (!isStorageError(err)) throw err;
      request.log.warn({ err: (err as Error).message }, 'collab connection refused: the draft cannot be read now');
      socket.close(CloseCode.storageUnavailable, closeReason[CloseCode.storageUnavailable]);
      return;
    }
    if (opening === 'not_found') socket.close(CloseCode.rulebookNotFound, closeReason[CloseCode.rulebookNotFound]);
    if (typeof opening !== 'object') return;
    const { room, who } = opening;
    // The connection holds the room (`open` took the hold) until it closes.
    const conn = new CollabConnection(socket, room, who, app.sockets, request.log, () => app.docs.letGo(room));
    conn.start();
    connection = conn;
    for (const [bytes, isBinary] of queue.splice(0)) conn.receive(bytes, isBinary);
  });
};
