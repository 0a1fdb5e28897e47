import type { DraftView } from '../shared/validation/api.js';

/** A deterministic rulebook of French-like regulation prose, with a chapter every 20 articles and some lists. */
export function generateRulebook(n: number): DraftView {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const subjects = ['Le club', 'La fédération', 'Le comité de discipline', 'L’arbitre principal', 'Chaque équipe', 'Le délégué de la rencontre', 'Le secrétariat général', 'Tout licencié'];
  const verbs = ['transmet', 'vérifie', 'publie', 'notifie', 'conserve', 'désigne', 'communique', 'contrôle'];
  const objects = ['la feuille de match', 'les licences des joueurs', 'le rapport d’incident', 'la liste des officiels', 'le calendrier révisé', 'les pièces justificatives', 'la décision motivée', 'le montant de l’amende (150 €)'];
  const tails = ['dans un délai de quarante-huit heures', 'avant le coup d’envoi', 'au plus tard le 1er septembre', 'selon les modalités prévues à l’article précédent', 'par voie électronique', 'sous peine de sanction', 'à la demande de l’une des parties', 'conformément au présent règlement'];
  const sentence = () => `${pick(subjects)} ${pick(verbs)} ${pick(objects)} ${pick(tails)}${random() < 0.2 ? ' ; à défaut, la rencontre est réputée « non jouée »' : ''}.`;
  const paragraph = () => Array.from({ length: 2 + Math.floor(random() * 4) }, sentence).join(' ');
  const list = () => Array.from({ length: 3 + Math.floor(random() * 3) }, () => `- ${pick(objects)} ${pick(tails)} ;`).join('\n');
  const titles = ['Licences', 'Qualification des joueurs', 'Terrains et équipements', 'Arbitrage', 'Réclamations', 'Forfaits', 'Sanctions financières', 'Appel', 'Calendrier', 'Œuvres sociales'];
  const articles = Array.from({ length: n }, (_, i) => ({
    id: `a${i + 1}`,
    number: i + 1,
    title: `${pick(titles)} (${i + 1})`,
    text: [paragraph(), ...(random() < 0.35 ? [`Le dossier comprend :\n\n${list()}`] : []), ...(random() < 0.6 ? [paragraph()] : [])].join('\n\n'),
    section: `Chapitre ${Math.floor(i / 20) + 1} – Dispositions ${pick(['générales', 'sportives', 'disciplinaires', 'financières'])}`,
  }));
  const sections = articles.filter((a) => (a.number - 1) % 20 === 0).map((a) => ({ id: `s${a.number}`, title: a.section, firstArticle: a.number }));
  return { title: 'Règlement sportif et disciplinaire de la Fédération', preamble: paragraph(), sections, articles };
}
