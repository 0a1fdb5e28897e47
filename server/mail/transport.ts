import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import { outboxFileName } from './outbox.js';

/** A mail ready to leave: what the queue stored, with the sender filled in by the transport. */
export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Where mail goes: an SMTP server, or the local outbox folder. */
export interface MailTransport {
  /** Deliver one mail; rejects with the transport's error (`responseCode` set for an SMTP answer). */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Links in a plain-text mail, printed to the log when the mail goes to the outbox. */
const LINK = /https?:\/\/\S+/g;

/** A transport over SMTP (`smtp://user:pass@host:587`, `smtps://…`), as nodemailer reads the URL. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url, { from });
  return {
    send: async (mail) => void (await transporter.sendMail({ ...mail, messageId: `<${mail.messageId}>` })),
    close: () => transporter.close(),
  };
}

/**
 * A transport that writes each mail as an `.eml` file into `dir` and logs its links, for the demo and for
 * running without an SMTP server. The file is written before `send` resolves, so a sent mail is on disk.
 */
export function outboxTransport(dir: string, from: string, log: FastifyBaseLogger): MailTransport {
  mkdirSync(dir, { recursive: true });
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, { from });
  return {
    send: async (mail) => {
      const info = await transporter.sendMail({ ...mail, messageId: `<${mail.messageId}>` });
      const file = outboxFileName(mail.messageId);
      writeFileSync(join(dir, file), info.message as Buffer);
      log.info({ to: mail.to, subject: mail.subject, links: mail.text.match(LINK) ?? [], file }, 'mail written to the outbox');
    },
    close: () => transporter.close(),
  };
}
