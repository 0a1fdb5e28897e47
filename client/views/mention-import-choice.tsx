/** The Markdown import's offer to turn mentions of articles by number into references that follow renumbering. */
import { useI18n } from '../i18n/index.js';
import type { Mention } from '../../shared/doc/mentions.js';

/** The mentions found in a Markdown text. */
export interface MentionsFound {
  markdown: string;
  mentions: Mention[];
}

const EXAMPLES = 3;

/** An excerpt with its mention marked (the words as the excerpt spells them: spacing made plain). */
function Excerpt({ mention }: { mention: Mention }) {
  const words = mention.text.replace(/\s+/g, ' ');
  const at = mention.excerpt.indexOf(words);
  if (at < 0) return <>{mention.excerpt}</>;
  return (
    <>
      {mention.excerpt.slice(0, at)}
      <mark>{words}</mark>
      {mention.excerpt.slice(at + words.length)}
    </>
  );
}

/** How many mentions the text has, a few of them in their words, and the choice (checked by default). */
export function MentionsChoice({ mentions, checked, onChange }: { mentions: readonly Mention[]; checked: boolean; onChange: (checked: boolean) => void }) {
  const { tn, t } = useI18n();
  if (!mentions.length) return null;
  // A list ("articles 3 et 4") is one example.
  const examples = mentions.filter((m) => m.word).slice(0, EXAMPLES);
  return (
    <div class="stack-tight" data-testid="import-mentions">
      <p class="small">{tn('mentions.found', mentions.length)}</p>
      <ul class="small muted">
        {examples.map((m) => (
          <li key={m.from}>
            <Excerpt mention={m} />
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
