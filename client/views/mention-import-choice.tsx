/** The Markdown import's offer to turn mentions of articles by number into references that follow renumbering. */
import { useI18n } from '../i18n/index.js';
import { mentionLists, type Mention } from '../../shared/doc/mentions.js';

/** The mentions found in a Markdown text. */
export interface MentionsFound {
  markdown: string;
  mentions: Mention[];
}

const EXAMPLES = 3;

/** The words of a list of mentions ("articles 2 et 3") in its excerpt: where they start and end there, or null. */
function spanIn(list: readonly Mention[]): [number, number] | null {
  const excerpt = list[0]!.excerpt;
  let start = -1;
  let end = 0;
  for (const m of list) {
    // The excerpt spells every space as a plain one.
    const words = m.text.replace(/\s+/g, ' ');
    const at = excerpt.indexOf(words, end);
    if (at < 0) return null;
    if (start < 0) start = at;
    end = at + words.length;
  }
  return [start, end];
}

/** A list of mentions in its excerpt, its words marked. */
function Excerpt({ list }: { list: readonly Mention[] }) {
  const { excerpt } = list[0]!;
  const span = spanIn(list);
  if (!span) return <>{excerpt}</>;
  return (
    <>
      {excerpt.slice(0, span[0])}
      <mark>{excerpt.slice(...span)}</mark>
      {excerpt.slice(span[1])}
    </>
  );
}

/** How many mentions the text has, a few of them in their words, and the choice (checked by default). */
export function MentionsChoice({ mentions, checked, onChange }: { mentions: readonly Mention[]; checked: boolean; onChange: (checked: boolean) => void }) {
  const { tn, t } = useI18n();
  if (!mentions.length) return null;
  // A list ("articles 3 et 4") is one example.
  const examples = mentionLists(mentions).slice(0, EXAMPLES);
  return (
    <div class="stack-tight" data-testid="import-mentions">
      <p class="small">{tn('mentions.found', mentions.length)}</p>
      <ul class="small muted">
        {examples.map((list) => (
          <li key={list[0]!.from}>
            <Excerpt list={list} />
          </li>
        ))}
      </ul>
      <label class="checkbox">
        <input type="checkbox" name="references" checked={checked} data-testid="import-references" onChange={(e) => onChange(e.currentTarget.checked)} />
        <span>{t('mentions.importChoice')}</span>
      </label>
    </div>
  );
}
