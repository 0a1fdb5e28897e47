/** Mentions of articles by number ("see article 12"), offered as references that follow renumbering. */
export const mentions = {
  'mentions.found.one': 'The text mentions an article by number:',
  'mentions.found.other': 'The text mentions articles by number {n} times, for example:',
  'mentions.importChoice': 'Turn them into references that follow renumbering',
  'mentions.offerTitle': 'References that follow renumbering',
  'mentions.offer': '“{text}” can follow renumbering',
  'mentions.make': 'Make it a reference',
  'mentions.makeAll': 'Make them all references ({n})',
} as const;
