import { escapeHtml, type ComposedMail, type MailLanguage } from '../mail/messages.js';
import type { NotificationPayload } from '../../shared/validation/notifications.js';

type Sentences = Record<string, (p: NotificationPayload) => string>;

const quoted = (lang: MailLanguage, text: string) => (lang === 'fr' ? `« ${text} »` : `“${text}”`);

const sentences: Record<MailLanguage, Sentences> = {
  en: {
    'comment.replied': (p) => `${p.actorName ?? 'Someone'} replied to your comment in ${quoted('en', p.rulebookTitle)}${p.excerpt ? `: ${quoted('en', p.excerpt)}` : '.'}`,
    'amendment.commented': (p) => `${p.actorName ?? 'Someone'} commented on amendment #${p.number} to ${quoted('en', p.rulebookTitle)}${p.excerpt ? `: ${quoted('en', p.excerpt)}` : '.'}`,
    'amendment.accepted': (p) => `Amendment #${p.number} to ${quoted('en', p.rulebookTitle)} was accepted.`,
    'amendment.rejected': (p) => `Amendment #${p.number} to ${quoted('en', p.rulebookTitle)} was rejected.`,
    'amendment.created': (p) => `${p.actorName ?? 'Someone'} proposed amendment #${p.number} to ${quoted('en', p.rulebookTitle)}${p.articleNumber ? ` (article ${p.articleNumber})` : ''}.`,
    'comment.reported': (p) => `A comment in ${quoted('en', p.rulebookTitle)} was reported and waits for an organiser.`,
    'release.published': (p) => `Version ${p.version} of ${quoted('en', p.rulebookTitle)} was published.`,
    'consultation.opened': (p) => `The consultation on ${quoted('en', p.rulebookTitle)} is open.`,
    'consultation.closing': (p) => `The consultation on ${quoted('en', p.rulebookTitle)} closes in less than 24 hours.`,
    'consultation.closed': (p) => `The consultation on ${quoted('en', p.rulebookTitle)} is closed.`,
  },
  fr: {
    'comment.replied': (p) => `${p.actorName ?? "Quelqu'un"} a répondu à votre commentaire sur ${quoted('fr', p.rulebookTitle)}${p.excerpt ? ` : ${quoted('fr', p.excerpt)}` : '.'}`,
    'amendment.commented': (p) => `${p.actorName ?? "Quelqu'un"} a commenté l'amendement n° ${p.number} à ${quoted('fr', p.rulebookTitle)}${p.excerpt ? ` : ${quoted('fr', p.excerpt)}` : '.'}`,
    'amendment.accepted': (p) => `L'amendement n° ${p.number} à ${quoted('fr', p.rulebookTitle)} a été accepté.`,
    'amendment.rejected': (p) => `L'amendement n° ${p.number} à ${quoted('fr', p.rulebookTitle)} a été rejeté.`,
    'amendment.created': (p) => `${p.actorName ?? "Quelqu'un"} a proposé l'amendement n° ${p.number} à ${quoted('fr', p.rulebookTitle)}${p.articleNumber ? ` (article ${p.articleNumber})` : ''}.`,
    'comment.reported': (p) => `Un commentaire sur ${quoted('fr', p.rulebookTitle)} a été signalé et attend un organisateur.`,
    'release.published': (p) => `La version ${p.version} de ${quoted('fr', p.rulebookTitle)} a été publiée.`,
    'consultation.opened': (p) => `La consultation sur ${quoted('fr', p.rulebookTitle)} est ouverte.`,
    'consultation.closing': (p) => `La consultation sur ${quoted('fr', p.rulebookTitle)} ferme dans moins de 24 heures.`,
    'consultation.closed': (p) => `La consultation sur ${quoted('fr', p.rulebookTitle)} est close.`,
  },
};

const words = {
  en: { hello: 'Hello', reason: 'Reason: ', open: 'Open', digest: (n: number) => `Your Amendo digest: ${n} notification${n === 1 ? '' : 's'}`, stop: 'Stop these mails (one click):', settings: 'Choose which mails you get' },
  fr: { hello: 'Bonjour', reason: 'Motif : ', open: 'Ouvrir', digest: (n: number) => `Votre résumé Amendo : ${n} notification${n === 1 ? '' : 's'}`, stop: 'Ne plus recevoir ces messages (un clic) :', settings: 'Choisir les messages que vous recevez' },
} as const;

/** One notification as a sentence in `language`, with the decision's reason when there is one. */
export function describeNotification(payload: NotificationPayload, language: MailLanguage): { sentence: string; reason: string | null } {
  const sentence = sentences[language][payload.type]?.(payload) ?? payload.type;
  return { sentence, reason: payload.reason ? words[language].reason + payload.reason : null };
}

/** An item of a notification mail: what happened and the full link to it. */
export interface MailItem {
  payload: NotificationPayload;
  link: string;
}

/**
 * A notification mail (one item) or a digest (several), plain text and simple HTML, in `language`, ending with the
 * unsubscribe link and a link to the account page's mail settings.
 */
export function composeNotificationMail(language: MailLanguage, name: string, items: MailItem[], links: { unsubscribe: string; settings: string }): ComposedMail {
  const w = words[language];
  const described = items.map((item) => ({ ...describeNotification(item.payload, language), link: item.link }));
  const subject = described.length === 1 ? described[0]!.sentence : w.digest(described.length);
  const text = [
    `${w.hello} ${name},`,
    ...described.map((d) => [d.sentence, d.reason, `${w.open}: ${d.link}`].filter(Boolean).join('\n')),
    `-- \nAmendo\n${w.settings}: ${links.settings}\n${w.stop} ${links.unsubscribe}`,
  ].join('\n\n');
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em">',
    `<p>${escapeHtml(`${w.hello} ${name},`)}</p>`,
    ...described.map(
      (d) => `<p>${escapeHtml(d.sentence)}${d.reason ? `<br><em>${escapeHtml(d.reason)}</em>` : ''}<br><a href="${escapeHtml(d.link)}">${escapeHtml(w.open)}</a></p>`,
    ),
    '<p style="color: #555">Amendo</p>',
    `<p style="font-size: small"><a href="${escapeHtml(links.settings)}">${escapeHtml(w.settings)}</a> · <a href="${escapeHtml(links.unsubscribe)}">${escapeHtml(w.stop.replace(/ ?:$/, ''))}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
