import type { mentions as en } from '../en/mentions.js';

/** Mentions d’articles par leur numéro (« voir l’article 12 »), proposées comme renvois qui suivent la renumérotation. */
export const mentions: Record<keyof typeof en, string> = {
  'mentions.found.one': 'Le texte cite un article par son numéro :',
  'mentions.found.other': 'Le texte cite des articles par leur numéro {n} fois, par exemple :',
  'mentions.importChoice': 'En faire des renvois qui suivent la renumérotation',
  'mentions.offerTitle': 'Renvois qui suivent la renumérotation',
  'mentions.offer': '« {text} » peut suivre la renumérotation',
  'mentions.make': 'En faire un renvoi',
  'mentions.makeAll': 'En faire des renvois ({n})',
};
