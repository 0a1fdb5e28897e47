import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { waitFor } from './client.js';

/** Where a test reads the mail a server sent: an SMTP mailbox, or the server's `/dev/outbox`. */
export interface Inbox {
  /** The first link to `path` (e.g. `/verify-email`) in the latest mail to `email`, waiting for it to arrive. */
  linkTo(email: string, path: string): Promise<string>;
}

/** The links in a mail's plain text. */
export const linksIn = (text: string) => text.match(/https?:\/\/[^\s<>"]+/g) ?? [];

/** The secret a mailed link carries after its `#`. */
export const tokenOf = (link: string) => new URL(link).hash.slice(1);

/** Reads the mail of a server that has no SMTP server configured, from its `/dev/outbox.json`. */
export function outboxInbox(baseUrl: string): Inbox {
  return {
    linkTo: (email, path) =>
      waitFor(async () => {
        const entries = (await (await fetch(`${baseUrl}/dev/outbox.json`)).json()) as { to: string; links: string[] }[];
        return entries.find((e) => e.to === email)?.links.find((l) => new URL(l).pathname === path) ?? '';
      }, 10_000, `a mail to ${email} with a link to ${path}`),
  };
}

/** A real SMTP server in the test process that keeps every mail it receives, parsed. */
export class Mailbox implements Inbox {
  readonly mails: ParsedMail[] = [];
  /** While set, a mail's DATA is read but never answered, as a mail server stuck mid-send. */
  stall = false;
  /** Mails read while stalling (never acknowledged). */
  stalled = 0;
  /** How many more mails to refuse with a temporary error (451) before accepting again. */
  refuse = 0;
  private server: SMTPServer;
  private port = 0;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const stalled = this.stall;
        const refused = this.refuse > 0;
        if (refused) this.refuse--;
        simpleParser(stream)
          .then((mail) => {
            if (stalled) return void this.stalled++;
            if (refused) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
            this.mails.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
  }

  /** Start a mailbox on a free port. */
  static async start(): Promise<Mailbox> {
    const box = new Mailbox();
    await new Promise<void>((resolve) => box.server.listen(0, '127.0.0.1', resolve));
    box.port = (box.server.server.address() as AddressInfo).port;
    return box;
  }

  /** The `SMTP_URL` that reaches this mailbox. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The mails to `email`, in the order received. */
  to(email: string): ParsedMail[] {
    return this.mails.filter((m) => addressesOf(m).includes(email));
  }

  /** Wait for the `count`-th mail to `email` (1 = the first) and return it. */
  nth(email: string, count = 1): Promise<ParsedMail> {
    return waitFor(() => this.to(email)[count - 1], 10_000, `mail #${count} to ${email}`);
  }

  async linkTo(email: string, path: string): Promise<string> {
    return waitFor(() => {
      const mail = this.to(email).at(-1);
      return (mail && linksIn(mail.text ?? '').find((l) => new URL(l).pathname === path)) ?? '';
    }, 10_000, `a mail to ${email} with a link to ${path}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The addresses a parsed mail was sent to. */
function addressesOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ''));
}
