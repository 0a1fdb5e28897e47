/** Languages mail is written in. */
export type MailLanguage = 'fr' | 'en';

/** What each kind of mail says; `{name}` and `{link}` are filled in. */
export const MailMessage = {
  verifyEmail: 'verify_email',
  verifyNewEmail: 'verify_new_email',
  resetPassword: 'reset_password',
  signupAttempt: 'signup_attempt',
  invitation: 'invitation',
  invitationNewAccount: 'invitation_new_account',
} as const;
export type MailMessage = (typeof MailMessage)[keyof typeof MailMessage];

interface Wording {
  subject: string;
  /** Paragraphs before the button. */
  intro: string[];
  button: string;
  /** Paragraphs after the button. */
  outro: string[];
}

const wordings: Record<MailMessage, Record<MailLanguage, Wording>> = {
  verify_email: {
    en: {
      subject: 'Confirm your e-mail address',
      intro: ['Hello {name},', 'Confirm that this address is yours to finish creating your Amendo account. Until then you can read and sign in, but not comment, propose or support amendments.'],
      button: 'Confirm my address',
      outro: ['The link works once, for 48 hours. If you did not sign up, ignore this mail: no account will be usable with this address.'],
    },
    fr: {
      subject: 'Confirmez votre adresse e-mail',
      intro: ['Bonjour {name},', "Confirmez que cette adresse est la vôtre pour terminer la création de votre compte Amendo. D'ici là, vous pouvez lire et vous connecter, mais pas commenter, proposer ni soutenir d'amendement."],
      button: 'Confirmer mon adresse',
      outro: ["Le lien fonctionne une fois, pendant 48 heures. Si vous ne vous êtes pas inscrit, ignorez ce message : aucun compte ne sera utilisable avec cette adresse."],
    },
  },
  verify_new_email: {
    en: {
      subject: 'Confirm your new e-mail address',
      intro: ['Hello {name},', 'You asked to use this address for your Amendo account. Confirm it to make the change.'],
      button: 'Use this address',
      outro: ['The link works once, for 48 hours. If you did not ask for this, ignore this mail: nothing will change.'],
    },
    fr: {
      subject: 'Confirmez votre nouvelle adresse e-mail',
      intro: ['Bonjour {name},', 'Vous avez demandé à utiliser cette adresse pour votre compte Amendo. Confirmez-la pour effectuer le changement.'],
      button: 'Utiliser cette adresse',
      outro: ["Le lien fonctionne une fois, pendant 48 heures. Si vous n'avez rien demandé, ignorez ce message : rien ne changera."],
    },
  },
  reset_password: {
    en: {
      subject: 'Choose a new password',
      intro: ['Hello {name},', 'Someone (you, we hope) asked to reset the password of your Amendo account.'],
      button: 'Choose a new password',
      outro: ['The link works once, for one hour, and signs you out everywhere else. If you did not ask, ignore this mail: your password stays as it is.'],
    },
    fr: {
      subject: 'Choisissez un nouveau mot de passe',
      intro: ['Bonjour {name},', "Quelqu'un (vous, espérons-le) a demandé à réinitialiser le mot de passe de votre compte Amendo."],
      button: 'Choisir un nouveau mot de passe',
      outro: ["Le lien fonctionne une fois, pendant une heure, et vous déconnecte partout ailleurs. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé."],
    },
  },
  signup_attempt: {
    en: {
      subject: 'Someone tried to sign up with your address',
      intro: ['Hello {name},', 'Someone tried to create an Amendo account with this address, which your account already uses. No second account was created.'],
      button: 'Forgot your password? Choose a new one',
      outro: ['If it was not you, there is nothing to do.'],
    },
    fr: {
      subject: "Quelqu'un a tenté de s'inscrire avec votre adresse",
      intro: ['Bonjour {name},', "Quelqu'un a tenté de créer un compte Amendo avec cette adresse, que votre compte utilise déjà. Aucun second compte n'a été créé."],
      button: 'Mot de passe oublié ? En choisir un nouveau',
      outro: ["Si ce n'était pas vous, il n'y a rien à faire."],
    },
  },
  invitation: {
    en: {
      subject: '{inviter} invites you to “{rulebook}”',
      intro: ['Hello {name},', '{inviter} invites you to take part in the consultation on “{rulebook}” on Amendo: comment on the rules, propose amendments and support others’.'],
      button: 'Accept the invitation',
      outro: ['Sign in with your account to accept. The link works once, for 14 days. If you do not want to take part, ignore this mail.'],
    },
    fr: {
      subject: '{inviter} vous invite à « {rulebook} »',
      intro: ['Bonjour {name},', '{inviter} vous invite à participer à la consultation sur « {rulebook} » sur Amendo : commenter le règlement, proposer des amendements et soutenir ceux des autres.'],
      button: "Accepter l'invitation",
      outro: ["Connectez-vous avec votre compte pour accepter. Le lien fonctionne une fois, pendant 14 jours. Si vous ne souhaitez pas participer, ignorez ce message."],
    },
  },
  invitation_new_account: {
    en: {
      subject: '{inviter} invites you to “{rulebook}”',
      intro: ['Hello,', '{inviter} invites you to take part in the consultation on “{rulebook}” on Amendo: comment on the rules, propose amendments and support others’.'],
      button: 'Create my account and join',
      outro: ['The link lets you choose a name and a password and join in one step; it works once, for 14 days. If you do not want to take part, ignore this mail.'],
    },
    fr: {
      subject: '{inviter} vous invite à « {rulebook} »',
      intro: ['Bonjour,', '{inviter} vous invite à participer à la consultation sur « {rulebook} » sur Amendo : commenter le règlement, proposer des amendements et soutenir ceux des autres.'],
      button: 'Créer mon compte et participer',
      outro: ["Le lien vous permet de choisir un nom et un mot de passe et de rejoindre la consultation en une fois ; il fonctionne une fois, pendant 14 jours. Si vous ne souhaitez pas participer, ignorez ce message."],
    },
  },
};

const footers: Record<MailLanguage, { unsubscribe: string; signature: string }> = {
  en: { unsubscribe: 'Stop these mails (one click):', signature: 'Amendo' },
  fr: { unsubscribe: 'Ne plus recevoir ces messages (un clic) :', signature: 'Amendo' },
};

const fill = (text: string, params: Record<string, string | undefined>) => text.replace(/\{(\w+)\}/g, (m, key: string) => params[key] ?? m);

/** Escape text for HTML content and attribute values. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A mail's subject, plain text and simple HTML, in one language. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

/** Write a mail in `language`: greeting, what happened, the link as a button, and an unsubscribe line if given. */
export function composeMail(message: MailMessage, language: MailLanguage, params: { name: string; link: string; unsubscribe?: string } & Record<string, string | undefined>): ComposedMail {
  const wording = { ...wordings[message][language] };
  wording.subject = fill(wording.subject, params);
  const footer = footers[language];
  const intro = wording.intro.map((p) => fill(p, params));
  const outro = wording.outro.map((p) => fill(p, params));
  const text = [...intro, `${wording.button}: ${params.link}`, ...outro, `-- \n${footer.signature}`, ...(params.unsubscribe ? [`${footer.unsubscribe} ${params.unsubscribe}`] : [])].join('\n\n');
  const paragraph = (p: string) => `<p>${escapeHtml(p)}</p>`;
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(wording.subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em">',
    ...intro.map(paragraph),
    `<p><a href="${escapeHtml(params.link)}" style="display: inline-block; padding: 0.5em 1em; background: #1d4ed8; color: #fff; text-decoration: none; border-radius: 4px">${escapeHtml(wording.button)}</a></p>`,
    `<p style="font-size: small">${escapeHtml(params.link)}</p>`,
    ...outro.map(paragraph),
    `<p style="color: #555">${footer.signature}</p>`,
    ...(params.unsubscribe ? [`<p style="font-size: small"><a href="${escapeHtml(params.unsubscribe)}">${escapeHtml(footer.unsubscribe.replace(/ ?:$/, ''))}</a></p>`] : []),
    '</body></html>',
  ].join('\n');
  return { subject: wording.subject, text, html };
}
