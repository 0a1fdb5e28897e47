/** The release PDF with the appendix "Origin of each article". */
export const origins = {
  'origins.downloadPdf': 'PDF with the origin of each article',
  'origins.downloadPdfLabel': 'Download the PDF with the origin of each article, version {version}',
} as const;
