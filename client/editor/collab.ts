import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { DRAFT_FRAGMENT } from '../../shared/doc/ydoc.js';

/** A live connection to one rulebook's draft. */
export interface DraftConnection {
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  /** Leave: close the socket, drop presence and free the document. */
  close(): void;
}

/** What collaborators see of this person: a name and a cursor colour. */
export interface PresenceUser {
  name: string;
  color: string;
}

/**
 * Connect to `/collab/:slug` over the y-websocket protocol and announce `user` to the others. Cross-tab
 * BroadcastChannel sync is off so that the server, which knows who may write, is the only relay.
 */
export function connectDraft(slug: string, user: PresenceUser): DraftConnection {
  const ydoc = new Y.Doc();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const provider = new WebsocketProvider(`${scheme}://${location.host}/collab`, slug, ydoc, { disableBc: true });
  provider.awareness.setLocalStateField('user', user);
  return {
    ydoc,
    fragment: ydoc.getXmlFragment(DRAFT_FRAGMENT),
    provider,
    close() {
      provider.destroy();
      ydoc.destroy();
    },
  };
}
