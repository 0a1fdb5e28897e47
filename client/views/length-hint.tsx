import { useI18n } from '../i18n/index.js';

/** Share of its limit from which a field shows its counter: people see the cap coming without a counter everywhere. */
const SHOWN_FROM = 0.8;

/** "9,120 / 10,000": how much of its length limit a field holds, shown only as it nears the limit. */
export function LengthHint({ value, limit }: { value: string; limit: number }) {
  const { lang } = useI18n();
  if (value.length < limit * SHOWN_FROM) return null;
  const format = new Intl.NumberFormat(lang).format;
  return (
    <small class="muted" data-testid="length-hint">
      {format(value.length)} / {format(limit)}
    </small>
  );
}
