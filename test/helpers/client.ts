import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { displayNameKey } from '../../shared/validation/text.js';
import { outboxInbox, tokenOf, type Inbox } from './mail.js';

/** The parsed JSON and status of an API response. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

let counter = 0;

/** How many accounts took each display name on each server: display names are unique, so the second is `name 2`. */
const namesGiven = new Map<string, number>();

/** A unique email for a test account. */
export const uniqueEmail = (name = 'user') => `${name.replace(/[^a-z0-9]/gi, '').slice(0, 20) || 'user'}-${Date.now().toString(36)}-${++counter}@test.amendo`;

/** An HTTP client with its own cookie jar that fetches and sends the CSRF token like the browser app. */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  private csrf: string | null = null;
  /** The display name this client signed up with. */
  displayName = '';

  /** `inbox`: where this client reads the mail the server sends (its `/dev/outbox` unless the server uses SMTP). */
  constructor(
    readonly baseUrl: string,
    readonly inbox: Inbox = outboxInbox(baseUrl),
  ) {}

  /** The Cookie header this client sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Send a request; `csrf: false` leaves the token out. */
  async request<T = any>(method: string, path: string, body?: unknown, opts: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (method !== 'GET' && opts.csrf !== false) headers['x-csrf-token'] = await this.csrfToken();
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
      // CSRF tokens are bound to the session: a new session needs a new token, as in the browser app.
      if (name!.trim() === 'amendo_session') this.csrf = null;
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  private async csrfToken(): Promise<string> {
    if (!this.csrf) this.csrf = (await this.request<{ token: string }>('GET', '/api/csrf')).body.token;
    return this.csrf;
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});

  /**
   * Register a fresh account named `name` (`name 2`… when the server already has one), follow the verification
   * link mailed to it, and stay signed in as it.
   */
  async signUp(name = 'user', password = 'correct horse battery'): Promise<{ id: string; email: string; password: string; displayName: string }> {
    const email = uniqueEmail(name);
    const key = `${this.baseUrl} ${displayNameKey(name)}`;
    const given = (namesGiven.get(key) ?? 0) + 1;
    namesGiven.set(key, given);
    const displayName = given === 1 ? name : `${name} ${given}`;
    const res = await this.post('/api/auth/register', { email, password, displayName });
    if (res.status !== 201) throw new Error(`sign up failed: ${res.status} ${JSON.stringify(res.body)}`);
    const verified = await this.post('/api/auth/verify', { token: tokenOf(await this.inbox.linkTo(res.body.email, '/verify-email')) });
    if (verified.status !== 200) throw new Error(`verification failed: ${verified.status} ${JSON.stringify(verified.body)}`);
    this.displayName = verified.body.displayName;
    return { id: verified.body.id, email, password, displayName: this.displayName };
  }
}

/** A `ws` WebSocket class that sends the given cookie at upgrade, for y-websocket's `WebSocketPolyfill`. */
export function webSocketWithCookie(cookie: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  } as typeof WebSocket;
}

/** Connect a stock y-websocket provider to a rulebook, as the person holding `cookie` (or anonymously). */
export function connectProvider(collabUrl: string, slug: string, cookie = '', doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(collabUrl, slug, doc, {
    WebSocketPolyfill: webSocketWithCookie(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

/** Resolve once the provider has completed its first sync with the server. */
export function synced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync in time')), timeoutMs);
    provider.once('sync', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Poll `check` until it returns a truthy value. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
