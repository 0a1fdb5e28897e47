import { useEffect, useState } from 'preact/hooks';
import type { Awareness } from 'y-protocols/awareness';
import { connectDraft, type DraftConnection, type PresenceUser } from '../editor/collab.js';
import { safeColour, safeName } from '../editor/cursors.js';

/** Connection states reported by the y-websocket provider. */
export type ConnectionStatus = 'connected' | 'connecting' | 'disconnected';

/** Someone present on the draft, from awareness. */
export interface Peer {
  key: string;
  name: string;
  color: string;
  isSelf: boolean;
}

/** Everyone present, one entry per person (a person with two tabs open appears once), yourself first. */
function peersOf(awareness: Awareness, anonymousName: string): Peer[] {
  const peers = new Map<string, Peer>();
  awareness.getStates().forEach((state, clientId) => {
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
    if (!user) return;
    const isSelf = clientId === awareness.clientID;
    const peer = { key: String(clientId), name: safeName(user.name, anonymousName), color: safeColour(user.color), isSelf };
    const identity = `${peer.name}\u0000${peer.color}`;
    if (!peers.has(identity) || isSelf) peers.set(identity, peer);
  });
  return [...peers.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}

/** The live state of a draft connection, as a component sees it. */
export interface DraftConnectionState {
  connection: DraftConnection | null;
  status: ConnectionStatus;
  /** True from the first completed sync with the server on. */
  synced: boolean;
  /** Why the server closed the connection for good (unknown rulebook, protocol error), if it did. */
  closedReason: string | null;
  peers: Peer[];
}

/** Connect to a rulebook's draft for the life of the component, announcing `user` to the others. */
export function useDraftConnection(slug: string, user: PresenceUser, anonymousName: string): DraftConnectionState {
  const [connection, setConnection] = useState<DraftConnection | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [synced, setSynced] = useState(false);
  const [closedReason, setClosedReason] = useState<string | null>(null);
  const [peers, setPeers] = useState<Peer[]>([]);

  useEffect(() => {
    const next = connectDraft(slug, user);
    const { provider } = next;
    const onStatus = (event: { status: ConnectionStatus }) => setStatus(event.status);
    const onSync = (isSynced: boolean) => isSynced && setSynced(true);
    const onClosed = (event: { code: number; reason: string }) => setClosedReason(event.reason || String(event.code));
    const onAwareness = () => setPeers(peersOf(provider.awareness, anonymousName));
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    provider.awareness.on('change', onAwareness);
    setConnection(next);
    setStatus(provider.wsconnected ? 'connected' : 'connecting');
    setSynced(provider.synced);
    onAwareness();
    return () => {
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
      provider.awareness.off('change', onAwareness);
      next.close();
    };
  }, [slug]);

  useEffect(() => {
    connection?.provider.awareness.setLocalStateField('user', user);
  }, [connection, user.name, user.color]);

  return { connection, status, synced, closedReason, peers };
}
