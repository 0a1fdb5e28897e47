import type { DraftView, Me, Member, Role, RulebookSummary } from '../shared/types.js';

/** An error answered by the API (or a network failure, code `network_error`), with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

let csrfToken: Promise<string> | null = null;

/** The CSRF token every state-changing request sends; fetched once, again after the server refuses it. */
function csrf(refresh = false): Promise<string> {
  if (refresh || !csrfToken) {
    csrfToken = call<{ token: string }>('GET', '/api/csrf').then((r) => r.token);
    csrfToken.catch(() => (csrfToken = null));
  }
  return csrfToken;
}

async function call<T>(method: Method, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await csrf();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server cannot be reached.');
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (response.ok) return data as T;
  const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
  const code = error?.code ?? `http_${response.status}`;
  if (response.status === 403 && code === 'csrf_invalid' && !retried) {
    await csrf(true);
    return call<T>(method, path, body, true);
  }
  throw new ApiError(response.status, code, error?.message ?? response.statusText);
}

/** Typed calls to the Amendo HTTP API (same origin, cookies, CSRF header on writes). */
export const api = {
  /** Fetch the CSRF token ahead of the first write. */
  prepare: () => csrf().then(() => undefined),
  /** The signed-in person, or null for a reader. */
  me: () =>
    call<Me>('GET', '/api/me').catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }),
  register: (body: { email: string; password: string; displayName: string }) => call<Me>('POST', '/api/auth/register', body),
  login: (body: { email: string; password: string }) => call<Me>('POST', '/api/auth/login', body),
  logout: () => call<void>('POST', '/api/auth/logout'),
  listRulebooks: () => call<RulebookSummary[]>('GET', '/api/rulebooks'),
  createRulebook: (body: { slug: string; title: string; language: string }) => call<RulebookSummary>('POST', '/api/rulebooks', body),
  getRulebook: (slug: string) => call<RulebookSummary>('GET', `/api/rulebooks/${encodeURIComponent(slug)}`),
  listMembers: (slug: string) => call<Member[]>('GET', `/api/rulebooks/${encodeURIComponent(slug)}/members`),
  addMember: (slug: string, body: { email: string; role: Role }) =>
    call<Member>('POST', `/api/rulebooks/${encodeURIComponent(slug)}/members`, body),
  importDraft: (slug: string, markdown: string) =>
    call<DraftView>('POST', `/api/rulebooks/${encodeURIComponent(slug)}/draft/import`, { markdown }),
};
