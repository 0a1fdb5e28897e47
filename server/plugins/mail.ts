import fp from 'fastify-plugin';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { storedSecret } from '../domain/settings.js';
import { Mailer } from '../mail/mailer.js';
import { MailQueue } from '../mail/queue.js';
import { outboxTransport, smtpTransport } from '../mail/transport.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Writes and queues outgoing mail (the `Domain` holds the same). */
    mailer: Mailer;
    /** The folder mail is written to when no SMTP server is set, else null. */
    outboxDir: string | null;
  }
}

/** What the mail plugin needs from the app options. */
export interface MailPluginOptions {
  databasePath: string;
  smtpUrl?: string;
  mailFrom: string;
  publicUrl?: string;
  outboxDir?: string;
  mailRetryMs: number;
}

/**
 * Outgoing mail: over SMTP when `smtpUrl` is set, else into an outbox folder of `.eml` files (beside the
 * database, or a temporary folder removed at close for an in-memory one). The queue starts sending what a
 * previous run left unsent once the server is ready, and stops (leaving the rest queued) when it closes.
 */
export const mailPlugin = fp<MailPluginOptions>(
  async (app, opts) => {
    let temporary: string | null = null;
    let outboxDir: string | null = null;
    if (!opts.smtpUrl) {
      if (opts.outboxDir) outboxDir = opts.outboxDir;
      else if (opts.databasePath === ':memory:') outboxDir = temporary = mkdtempSync(join(tmpdir(), 'amendo-outbox-'));
      else outboxDir = join(dirname(opts.databasePath), 'outbox');
    }
    const transport = opts.smtpUrl ? smtpTransport(opts.smtpUrl, opts.mailFrom) : outboxTransport(outboxDir!, opts.mailFrom, app.log);
    const queue = new MailQueue(app.db, transport, app.log, { retryBaseMs: opts.mailRetryMs });
    const listening = () => {
      const address = app.server.address() as AddressInfo | null;
      if (!address) return 'http://127.0.0.1:3000';
      const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}`;
    };
    const publicUrl = opts.publicUrl ? () => opts.publicUrl! : listening;
    app.decorate('mailer', new Mailer(queue, await storedSecret(app.db,'unsubscribe_key'), publicUrl));
    app.decorate('outboxDir', outboxDir);
    app.addHook('onReady', async () => queue.kick());
    app.addHook('onClose', async () => {
      queue.close();
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    });
  },
  { name: 'mail', dependencies: ['db'] },
);
