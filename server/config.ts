/** Everything `buildApp` needs to know; `configFromEnv` fills it from the environment. */
export interface AppOptions {
  /** SQLite file path, or `:memory:`; with `databaseUrl`, only where files kept beside the database go (outbox, PDF cache). */
  databasePath: string;
  /** PostgreSQL instead of SQLite: `postgres://…`, or PGlite (`pglite://memory`, `pglite:///abs/dir`). */
  databaseUrl?: string;
  /** Redis joining the instances that share a PostgreSQL database: live drafts and events cross between them. */
  redisUrl?: string;
  /** Secret used to sign cookies; generated once and stored in the database when absent. */
  cookieSecret?: string;
  /** Set the `Secure` flag on cookies (behind HTTPS). */
  secureCookies: boolean;
  logLevel: string;
  /** Largest WebSocket message accepted, in bytes; larger ones close the connection with 1009. */
  maxMessageBytes: number;
  /** Interval between WebSocket liveness pings; a peer that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
  /** Bytes allowed to wait in a WebSocket's send buffer before its client is dropped as too slow. */
  maxBufferedBytes: number;
  /** Requests per minute per client IP on the sign-in and sign-up routes. */
  authRateLimit: number;
  /**
   * Which proxies to believe about the client's address (`X-Forwarded-For`, used by the rate limits): false (the
   * default: nobody), true (any), or comma-separated proxy addresses, CIDR ranges or `loopback`.
   */
  trustProxy: boolean | string;
  /** A support withdrawn within this many milliseconds of being given leaves no trace in the audit log (0: record at once). */
  supportSettleMs: number;
  /** An organiser's direct edit of an article is recorded in the history once they leave it alone this long. */
  editQuietMs: number;
  /** Comments and amendment proposals per minute per person. */
  postRateLimit: number;
  /** Delay within which Yjs updates are batched into one row of the update log. */
  flushDelayMs: number;
  /** Number of update rows after which the log is compacted into a snapshot. */
  compactAfter: number;
  /** How long a draft nobody is connected to stays in memory after its last use (0: unloaded at once). */
  docIdleMs: number;
  /**
   * Mean event-loop delay above which requests are answered `503 overloaded` with `Retry-After` (0: never). Off
   * unless configured (`configFromEnv` turns it on): servers embedded in one process, as in tests, share one
   * event loop and would shed each other's load.
   */
  maxEventLoopDelayMs: number;
  /** Seed the demo rulebook and accounts (with their published password) into an empty database. */
  seedDemo: boolean;
  /** Folder of the built client to serve, if any. */
  clientDir?: string;
  /** SMTP server to send mail through (`smtp://user:pass@host:587`, `smtps://…`); without it mail goes to the outbox folder. */
  smtpUrl?: string;
  /** The sender of every mail. */
  mailFrom: string;
  /** Where people reach this server, used in the links of mails; by default the address it listens on. */
  publicUrl?: string;
  /** Folder of `.eml` files when no SMTP server is set; by default `outbox/` beside the database (a temporary folder for `:memory:`). */
  outboxDir?: string;
  /** Serve the outbox at `/dev/outbox` (only ever when no SMTP server is set). */
  outboxPage: boolean;
  /** Delay before retrying a mail that could not be sent; doubled at each further failure, up to an hour. */
  mailRetryMs: number;
  /** PDF exports laid out at once (worker threads) and waiting; defaults to one thread fewer than the cores, and 16. */
  exportPool?: { threads: number; queue: number };
}

/** Safe defaults for every option. */
export const defaultOptions: AppOptions = {
  databasePath: './data/amendo.db',
  secureCookies: false,
  logLevel: 'info',
  maxMessageBytes: 1024 * 1024,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 64 * 1024 * 1024,
  trustProxy: false,
  supportSettleMs: 30_000,
  editQuietMs: 30_000,
  authRateLimit: 20,
  postRateLimit: 30,
  flushDelayMs: 20,
  compactAfter: 500,
  docIdleMs: 5 * 60_000,
  maxEventLoopDelayMs: 0,
  seedDemo: true,
  mailFrom: 'Amendo <amendo@localhost>',
  outboxPage: true,
  mailRetryMs: 5_000,
};

function intFromEnv(value: string | undefined, fallback: number): number {
  const parsed = value === undefined ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
}

/** `TRUST_PROXY`: `true`, `false`, or comma-separated proxy addresses, CIDR ranges or `loopback`. */
function trustProxyFromEnv(value: string | undefined): boolean | string {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '' || trimmed === 'false') return false;
  return trimmed === 'true' ? true : trimmed;
}

/** `SEED_DEMO`: `true` or `false`; when unset, the demo is seeded except in production, where its published password would be a way in. */
function seedDemoFromEnv(env: NodeJS.ProcessEnv): boolean {
  if (env.SEED_DEMO === 'true') return true;
  if (env.SEED_DEMO === 'false') return false;
  return env.NODE_ENV !== 'production';
}

/** Server configuration read from environment variables, with safe defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): { port: number; host: string; app: AppOptions } {
  return {
    port: intFromEnv(env.PORT, 3000),
    host: env.HOST ?? '127.0.0.1',
    app: {
      databasePath: env.DATABASE_PATH ?? defaultOptions.databasePath,
      databaseUrl: env.DATABASE_URL || undefined,
      redisUrl: env.REDIS_URL || undefined,
      cookieSecret: env.COOKIE_SECRET || undefined,
      secureCookies: env.COOKIE_SECURE === 'true',
      logLevel: env.LOG_LEVEL ?? defaultOptions.logLevel,
      maxMessageBytes: intFromEnv(env.MAX_MESSAGE_BYTES, defaultOptions.maxMessageBytes),
      pingIntervalMs: intFromEnv(env.PING_INTERVAL_MS, defaultOptions.pingIntervalMs) || defaultOptions.pingIntervalMs,
      maxBufferedBytes: intFromEnv(env.MAX_BUFFERED_BYTES, defaultOptions.maxBufferedBytes),
      trustProxy: trustProxyFromEnv(env.TRUST_PROXY),
      supportSettleMs: intFromEnv(env.SUPPORT_SETTLE_MS, defaultOptions.supportSettleMs),
      editQuietMs: intFromEnv(env.EDIT_QUIET_MS, defaultOptions.editQuietMs),
      authRateLimit: intFromEnv(env.AUTH_RATE_LIMIT, defaultOptions.authRateLimit),
      postRateLimit: intFromEnv(env.POST_RATE_LIMIT, defaultOptions.postRateLimit),
      flushDelayMs: intFromEnv(env.FLUSH_DELAY_MS, defaultOptions.flushDelayMs),
      compactAfter: intFromEnv(env.COMPACT_AFTER, defaultOptions.compactAfter),
      docIdleMs: intFromEnv(env.DOC_IDLE_MS, defaultOptions.docIdleMs),
      maxEventLoopDelayMs: intFromEnv(env.MAX_EVENT_LOOP_DELAY_MS, 1_000),
      seedDemo: seedDemoFromEnv(env),
      clientDir: env.CLIENT_DIR ?? 'dist/client',
      smtpUrl: env.SMTP_URL || undefined,
      mailFrom: env.MAIL_FROM || defaultOptions.mailFrom,
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, '') || undefined,
      // The outbox page shows every link mailed (password resets included): never in production.
      outboxPage: env.NODE_ENV !== 'production',
      mailRetryMs: intFromEnv(env.MAIL_RETRY_MS, defaultOptions.mailRetryMs) || defaultOptions.mailRetryMs,
    },
  };
}
