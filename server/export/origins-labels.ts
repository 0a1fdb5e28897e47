/** What the appendix "Origin of each article" prints, in one language; dates come formatted, the rest as given. */
export interface OriginsLabels {
  title: string;
  intro: string;
  /** An article's share of text from one origin: "92%", "< 1%". */
  share: (percent: number) => string;
  imported: string;
  amendment: (number: number) => string;
  by: (name: string) => string;
  supports: (count: number) => string;
  accepted: (date: string | null, by: string | null) => string;
  /** Before a reason, which follows in quotes. */
  because: string;
  addedArticle: string;
  edited: (name: string | null, date: string | null) => string;
  firstIn: (version: string) => string;
  unknown: string;
  /** An article provenance knows nothing of (it should not happen: said rather than left out). */
  notRecorded: string;
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';

const fr: OriginsLabels = {
  title: 'Origine de chaque article',
  intro:
    "D'où vient le texte de chaque article, en part de ses caractères : le texte d'origine importé, les modifications directes des organisateurs et les amendements acceptés, avec qui en a décidé et pourquoi.",
  share: (p) => (p < 1 ? `<${NNBSP}1${NNBSP}%` : `${p}${NNBSP}%`),
  imported: "Texte d'origine importé",
  amendment: (n) => `Amendement n°${NBSP}${n}`,
  by: (name) => ` de ${name}`,
  supports: (n) => `, ${n}${NBSP}soutien${n > 1 ? 's' : ''}`,
  accepted: (date, by) => `, accepté${date ? ` le ${date}` : ''}${by ? ` par ${by}` : ''}`,
  because: ' : ',
  addedArticle: ' (a ajouté cet article)',
  edited: (name, date) => `Modifié par ${name ?? 'un organisateur'}${date ? ` le ${date}` : ''}`,
  firstIn: (version) => `, première parution dans la version ${version}`,
  unknown: "Origine inconnue (antérieure à l'enregistrement des modifications)",
  notRecorded: 'Origine non enregistrée',
};

const en: OriginsLabels = {
  title: 'Origin of each article',
  intro:
    "Where the text of each article came from, as a share of its characters: the imported original, organisers' direct edits and accepted amendments, with who decided and why.",
  share: (p) => (p < 1 ? '<1%' : `${p}%`),
  imported: 'Imported original',
  amendment: (n) => `Amendment #${n}`,
  by: (name) => ` by ${name}`,
  supports: (n) => `, ${n}${NBSP}support${n === 1 ? '' : 's'}`,
  accepted: (date, by) => `, accepted${date ? ` on ${date}` : ''}${by ? ` by ${by}` : ''}`,
  because: ': ',
  addedArticle: ' (added this article)',
  edited: (name, date) => `Edited by ${name ?? 'an organiser'}${date ? ` on ${date}` : ''}`,
  firstIn: (version) => `, first in release ${version}`,
  unknown: 'Origin unknown (from before changes were recorded)',
  notRecorded: 'Origin not recorded',
};

/** The appendix's labels for a document's locale (`Labels.locale`): French for `fr`, English otherwise. */
export const originsLabelsFor = (locale: string): OriginsLabels => (locale === 'fr' ? fr : en);
