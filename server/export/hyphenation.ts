import fr from 'hyphen/fr';
import en from 'hyphen/en-us';

/** Where a word may be hyphenated: the offsets (into the word) after which a hyphen may end a line. */
export type Hyphenator = (word: string) => number[];

/** Fewest letters kept before and after a hyphen. */
const MIN_BEFORE = 2;
const MIN_AFTER = 3;
/** Shorter words are never hyphenated. */
const MIN_WORD = 6;

function hyphenator(hyphenateSync: (text: string, options: { hyphenChar: string; minWordLength: number }) => string): Hyphenator {
  // Words repeat a lot in a rulebook; patterns are applied once per distinct word (and per thread).
  const known = new Map<string, number[]>();
  return (word) => {
    if (word.length < MIN_WORD || !/^\p{L}+$/u.test(word) || word === word.toUpperCase()) return [];
    let points = known.get(word);
    if (!points) {
      points = [];
      let offset = 0;
      for (const part of hyphenateSync(word, { hyphenChar: '|', minWordLength: MIN_WORD }).split('|').slice(0, -1)) {
        offset += part.length;
        if (offset >= MIN_BEFORE && word.length - offset >= MIN_AFTER) points.push(offset);
      }
      if (known.size < 50_000) known.set(word, points);
    }
    return points;
  };
}

const hyphenators = { fr: hyphenator(fr.hyphenateSync), en: hyphenator(en.hyphenateSync) };

/** The hyphenation points of a language's words (TeX patterns from `hyphen`): French for `fr`, US English otherwise. */
export function hyphenatorFor(locale: string): Hyphenator {
  return locale === 'fr' ? hyphenators.fr : hyphenators.en;
}
