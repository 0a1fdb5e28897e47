import { createStore, useStore } from './store.js';
import { ApiError } from './api.js';

const en = {
  'app.name': 'Amendo',
  'app.tagline': 'Draft your rules together',
  'nav.rulebooks': 'Rulebooks',
  'nav.signIn': 'Sign in',
  'nav.signUp': 'Sign up',
  'nav.signOut': 'Sign out',
  'nav.main': 'Main navigation',
  'nav.skip': 'Skip to content',
  'nav.signedInAs': 'Signed in as {name}',
  'lang.label': 'Language',
  'common.loading': 'Loading…',
  'common.cancel': 'Cancel',
  'list.title': 'Rulebooks',
  'list.intro': 'Statutes, bylaws and house rules drafted in the open. Anyone can read the live draft.',
  'list.empty': 'No rulebook yet.',
  'list.organisers': 'Organisers: {names}',
  'list.noOrganisers': 'No organiser',
  'list.language': 'Language: {language}',
  'list.loadFailed': 'The rulebooks could not be loaded.',
  'list.signInToCreate': 'Sign in to start a new rulebook.',
  'role.organiser': 'Organiser',
  'role.member': 'Member',
  'create.title': 'New rulebook',
  'create.fieldTitle': 'Title',
  'create.fieldSlug': 'Address',
  'create.slugHint': 'Lower-case letters, digits and hyphens; appears in the link /r/…',
  'create.fieldLanguage': 'Language of the rules',
  'create.submit': 'Create the rulebook',
  'language.fr': 'French',
  'language.en': 'English',
  'signin.title': 'Sign in',
  'signin.submit': 'Sign in',
  'signin.noAccount': 'No account yet?',
  'signup.title': 'Create an account',
  'signup.submit': 'Create my account',
  'signup.haveAccount': 'Already have an account?',
  'field.email': 'Email',
  'field.password': 'Password',
  'field.passwordHint': 'At least 10 characters.',
  'field.displayName': 'Your name',
  'field.displayNameHint': 'Shown to the other participants.',
  'error.email_taken': 'An account already uses this email address. Sign in instead?',
  'error.invalid_credentials': 'Wrong email or password.',
  'error.validation_failed': 'Some fields are not valid: check the email address, and that the password has at least 10 characters.',
  'error.rate_limited': 'Too many attempts. Wait a minute and try again.',
  'error.slug_taken': 'This address is already used by another rulebook; choose another.',
  'error.not_signed_in': 'Your session has ended; sign in again.',
  'error.not_organiser': 'Only the organisers of this rulebook can do this.',
  'error.user_not_found': 'No account uses this email address; ask them to sign up first.',
  'error.last_organiser': 'A rulebook needs at least one organiser.',
  'error.missing_title': 'The Markdown must start with a "# Title" heading.',
  'error.no_articles': 'The Markdown has no article: start each one with a "## " heading.',
  'error.rulebook_not_found': 'This rulebook does not exist.',
  'error.network_error': 'The server cannot be reached. Check your connection.',
  'error.csrf_invalid': 'Your session expired; reload the page and try again.',
  'error.unknown': 'Something went wrong: {message}',
  'notFound.title': 'Page not found',
  'notFound.back': 'Back to the rulebooks',
  'rulebook.notFound': 'No rulebook lives at this address.',
  'rulebook.connecting': 'Connecting to the live draft…',
  'rulebook.closed': 'The live draft is unavailable ({reason}).',
  'rulebook.readOnly': 'You are reading the live draft; only organisers can edit.',
  'rulebook.readOnlySignIn': 'Organisers: sign in to edit.',
  'status.connected': 'Live',
  'status.connecting': 'Connecting…',
  'status.disconnected': 'Offline',
  'status.label': 'Connection: {status}',
  'toc.title': 'Contents',
  'toc.toggle': 'Table of contents',
  'toc.empty': 'No article yet.',
  'toc.article': 'Art. {n}',
  'toc.untitled': 'Untitled',
  'presence.title': 'Here now',
  'presence.you': '{name} (you)',
  'presence.anonymous': 'Anonymous reader',
  'toolbar.label': 'Formatting',
  'toolbar.newArticle': 'New article',
  'toolbar.section': 'Section heading',
  'toolbar.bulletList': 'Bullet list',
  'toolbar.orderedList': 'Numbered list',
  'toolbar.bold': 'Bold',
  'toolbar.italic': 'Italic',
  'toolbar.undo': 'Undo',
  'toolbar.redo': 'Redo',
  'editor.label': 'Draft of {title}',
  'editor.articleLabel': 'Article',
  'editor.titlePlaceholder': 'Rulebook title',
  'editor.articleTitlePlaceholder': 'Article title',
  'editor.sectionPlaceholder': 'Section heading',
  'editor.paragraphPlaceholder': 'Text of the article…',
  'organiser.title': 'Organiser tools',
  'import.title': 'Import Markdown',
  'import.help': 'One "# Title" first, then an optional preamble, then one "## " heading per article; any further "# " heading starts a section. Articles whose title is unchanged keep their identity.',
  'import.field': 'Markdown',
  'import.submit': 'Replace the draft',
  'import.confirm': 'Replace the whole draft with this Markdown? Everyone connected will see the change.',
  'import.done': 'Draft replaced: {count} articles.',
  'members.title': 'Members',
  'members.empty': 'No member yet.',
  'members.add': 'Add',
  'members.role': 'Role',
  'members.email': 'Email of the person',
  'members.added': 'Added {name} as {role}.',
  'members.loadFailed': 'The members could not be loaded.',
} as const;

/** Keys of every UI string. */
export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  'app.name': 'Amendo',
  'app.tagline': 'Rédigez vos règles ensemble',
  'nav.rulebooks': 'Règlements',
  'nav.signIn': 'Se connecter',
  'nav.signUp': 'Créer un compte',
  'nav.signOut': 'Se déconnecter',
  'nav.main': 'Navigation principale',
  'nav.skip': 'Aller au contenu',
  'nav.signedInAs': 'Connecté·e : {name}',
  'lang.label': 'Langue',
  'common.loading': 'Chargement…',
  'common.cancel': 'Annuler',
  'list.title': 'Règlements',
  'list.intro': 'Statuts, règlements intérieurs et chartes rédigés au grand jour. Tout le monde peut lire la version en cours.',
  'list.empty': 'Aucun règlement pour l’instant.',
  'list.organisers': 'Organisateurs : {names}',
  'list.noOrganisers': 'Aucun organisateur',
  'list.language': 'Langue : {language}',
  'list.loadFailed': 'Impossible de charger les règlements.',
  'list.signInToCreate': 'Connectez-vous pour lancer un nouveau règlement.',
  'role.organiser': 'Organisateur',
  'role.member': 'Membre',
  'create.title': 'Nouveau règlement',
  'create.fieldTitle': 'Titre',
  'create.fieldSlug': 'Adresse',
  'create.slugHint': 'Minuscules, chiffres et tirets ; apparaît dans le lien /r/…',
  'create.fieldLanguage': 'Langue du règlement',
  'create.submit': 'Créer le règlement',
  'language.fr': 'Français',
  'language.en': 'Anglais',
  'signin.title': 'Connexion',
  'signin.submit': 'Se connecter',
  'signin.noAccount': 'Pas encore de compte ?',
  'signup.title': 'Créer un compte',
  'signup.submit': 'Créer mon compte',
  'signup.haveAccount': 'Déjà un compte ?',
  'field.email': 'Adresse e-mail',
  'field.password': 'Mot de passe',
  'field.passwordHint': 'Au moins 10 caractères.',
  'field.displayName': 'Votre nom',
  'field.displayNameHint': 'Visible par les autres participants.',
  'error.email_taken': 'Un compte utilise déjà cette adresse e-mail. Voulez-vous vous connecter ?',
  'error.invalid_credentials': 'Adresse e-mail ou mot de passe incorrect.',
  'error.validation_failed': 'Certains champs ne sont pas valides : vérifiez l’adresse e-mail et que le mot de passe compte au moins 10 caractères.',
  'error.rate_limited': 'Trop de tentatives. Patientez une minute puis réessayez.',
  'error.slug_taken': 'Cette adresse est déjà utilisée par un autre règlement ; choisissez-en une autre.',
  'error.not_signed_in': 'Votre session a expiré ; reconnectez-vous.',
  'error.not_organiser': 'Seuls les organisateurs de ce règlement peuvent faire cela.',
  'error.user_not_found': 'Aucun compte n’utilise cette adresse ; demandez à la personne de s’inscrire d’abord.',
  'error.last_organiser': 'Un règlement doit garder au moins un organisateur.',
  'error.missing_title': 'Le Markdown doit commencer par un titre « # Titre ».',
  'error.no_articles': 'Le Markdown ne contient aucun article : commencez chacun par un titre « ## ».',
  'error.rulebook_not_found': 'Ce règlement n’existe pas.',
  'error.network_error': 'Le serveur est injoignable. Vérifiez votre connexion.',
  'error.csrf_invalid': 'Votre session a expiré ; rechargez la page et réessayez.',
  'error.unknown': 'Une erreur est survenue : {message}',
  'notFound.title': 'Page introuvable',
  'notFound.back': 'Retour aux règlements',
  'rulebook.notFound': 'Aucun règlement à cette adresse.',
  'rulebook.connecting': 'Connexion à la version en cours…',
  'rulebook.closed': 'La version en cours est indisponible ({reason}).',
  'rulebook.readOnly': 'Vous lisez la version en cours ; seuls les organisateurs peuvent la modifier.',
  'rulebook.readOnlySignIn': 'Organisateurs : connectez-vous pour modifier.',
  'status.connected': 'En direct',
  'status.connecting': 'Connexion…',
  'status.disconnected': 'Hors ligne',
  'status.label': 'Connexion : {status}',
  'toc.title': 'Sommaire',
  'toc.toggle': 'Sommaire',
  'toc.empty': 'Aucun article pour l’instant.',
  'toc.article': 'Art. {n}',
  'toc.untitled': 'Sans titre',
  'presence.title': 'Présents',
  'presence.you': '{name} (vous)',
  'presence.anonymous': 'Lecteur anonyme',
  'toolbar.label': 'Mise en forme',
  'toolbar.newArticle': 'Nouvel article',
  'toolbar.section': 'Titre de section',
  'toolbar.bulletList': 'Liste à puces',
  'toolbar.orderedList': 'Liste numérotée',
  'toolbar.bold': 'Gras',
  'toolbar.italic': 'Italique',
  'toolbar.undo': 'Annuler',
  'toolbar.redo': 'Rétablir',
  'editor.label': 'Projet de {title}',
  'editor.articleLabel': 'Article',
  'editor.titlePlaceholder': 'Titre du règlement',
  'editor.articleTitlePlaceholder': 'Titre de l’article',
  'editor.sectionPlaceholder': 'Titre de section',
  'editor.paragraphPlaceholder': 'Texte de l’article…',
  'organiser.title': 'Outils des organisateurs',
  'import.title': 'Importer du Markdown',
  'import.help': 'D’abord un « # Titre », puis un préambule facultatif, puis un titre « ## » par article ; tout autre titre « # » ouvre une section. Les articles dont le titre ne change pas gardent leur identité.',
  'import.field': 'Markdown',
  'import.submit': 'Remplacer le projet',
  'import.confirm': 'Remplacer tout le projet par ce Markdown ? Toutes les personnes connectées verront le changement.',
  'import.done': 'Projet remplacé : {count} articles.',
  'members.title': 'Membres',
  'members.empty': 'Aucun membre pour l’instant.',
  'members.add': 'Ajouter',
  'members.role': 'Rôle',
  'members.email': 'Adresse e-mail de la personne',
  'members.added': '{name} a désormais le rôle « {role} ».',
  'members.loadFailed': 'Impossible de charger les membres.',
};

/** Languages the interface speaks. */
export type Language = 'fr' | 'en';
const catalogue: Record<Language, Record<MessageKey, string>> = { en, fr };
const STORAGE_KEY = 'amendo.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'fr' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The interface language: remembered choice, else the browser's. */
export const language = createStore<Language>(initialLanguage());
document.documentElement.lang = language.get();

/** Switch the interface language and remember the choice. */
export function setLanguage(next: Language): void {
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  language.set(next);
}

/** Translate a key in a language, filling `{name}` placeholders. */
export function translate(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogue[lang][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Translator bound to a language. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The current language and its translator; the component re-renders on a switch. */
export function useI18n(): { lang: Language; t: Translate } {
  const lang = useStore(language);
  return { lang, t: (key, params) => translate(lang, key, params) };
}

/** A user-facing message for any error, preferring the translation of its API code. */
export function describeError(t: Translate, err: unknown): string {
  if (err instanceof ApiError) {
    const key = `error.${err.code}`;
    return key in en ? t(key as MessageKey) : t('error.unknown', { message: err.message });
  }
  return t('error.unknown', { message: err instanceof Error ? err.message : String(err) });
}
