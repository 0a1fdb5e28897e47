import { useI18n } from '../i18n/index.js';
import { MIN_PASSWORD_CHARS, TextLimit } from '../../shared/validation/limits.js';

/** The labelled field where someone chooses a password (sign-up, reset, sign-up from an invitation), with its rule. */
export function NewPasswordField({ value, onInput }: { value: string; onInput: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <label class="field">
      <span>{t('field.password')}</span>
      <input
        type="password"
        name="password"
        autocomplete="new-password"
        required
        minLength={MIN_PASSWORD_CHARS}
        maxLength={TextLimit.password}
        aria-describedby="password-hint"
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <small id="password-hint">{t('field.passwordHint')}</small>
    </label>
  );
}
