import type { Account } from '../shared/validation/account.js';
import { api } from './api.js';
import { createStore } from './store.js';

/** The signed-in person: `undefined` while unknown, `null` for a reader. */
export const session = createStore<Account | null | undefined>(undefined);

/** Ask the server who is signed in. */
export async function loadSession(): Promise<void> {
  try {
    session.set(await api.me());
  } catch {
    session.set(null);
  }
}

/** Sign out and forget the person. */
export async function signOut(): Promise<void> {
  await api.logout();
  session.set(null);
}
