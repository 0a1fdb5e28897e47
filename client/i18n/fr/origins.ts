import type { origins as en } from '../en/origins.js';

/** Le PDF d’une version avec l’annexe « Origine de chaque article ». */
export const origins: Record<keyof typeof en, string> = {
  'origins.downloadPdf': 'PDF avec l’origine de chaque article',
  'origins.downloadPdfLabel': 'Télécharger le PDF avec l’origine de chaque article, version {version}',
};
