import { desc } from 'drizzle-orm';
import type { Db } from '../db/handle.js';
import { mailQueue } from '../db/schema.js';

/** One mail of the local outbox as the `/dev/outbox` page lists it. */
export interface OutboxEntry {
  id: number;
  to: string;
  subject: string;
  createdAt: string;
  status: 'sent' | 'waiting' | 'failed';
  /** The links in the mail, in order (the action first, then any unsubscribe link). */
  links: string[];
  /** The `.eml` file in the outbox folder, once written. */
  file: string | null;
}

const LINK = /https?:\/\/[^\s<>"]+/g;

/** The name of the `.eml` file the outbox transport writes for a Message-ID. */
export const outboxFileName = (messageId: string) => `${messageId.split('@')[0]}.eml`;

/** The latest mails queued, newest first, with their links. */
export async function outboxEntries(db: Db, limit = 200): Promise<OutboxEntry[]> {
  return (await db
    .select()
    .from(mailQueue)
    .orderBy(desc(mailQueue.id))
    .limit(limit))
    .map((row) => ({
      id: row.id,
      to: row.recipient,
      subject: row.subject,
      createdAt: row.createdAt.toISOString(),
      status: row.sentAt ? 'sent' : row.failedAt ? 'failed' : 'waiting',
      links: row.text.match(LINK) ?? [],
      file: row.sentAt ? outboxFileName(row.messageId) : null,
    }));
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The `/dev/outbox` page: a plain table of the mails with their links, readable without the client app. */
export function outboxPage(entries: OutboxEntry[]): string {
  const rows = entries
    .map(
      (e) => `<tr><td>${escapeHtml(e.createdAt)}</td><td>${escapeHtml(e.to)}</td><td>${escapeHtml(e.subject)}</td><td>${e.status}</td><td>${e.links
        .map((l) => `<a href="${escapeHtml(l)}">${escapeHtml(l)}</a>`)
        .join('<br>')}</td><td>${e.file ? `<a href="/dev/outbox/${encodeURIComponent(e.file)}">.eml</a>` : ''}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outbox — Amendo</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}</style></head>
<body><h1>Outbox</h1><p>No SMTP server is configured (<code>SMTP_URL</code>), so mail is written here instead of being sent. This page exists only in that case.</p>
<table><thead><tr><th>Queued</th><th>To</th><th>Subject</th><th>Status</th><th>Links</th><th>File</th></tr></thead><tbody>
${rows || '<tr><td colspan="6">No mail yet.</td></tr>'}
</tbody></table></body></html>`;
}
