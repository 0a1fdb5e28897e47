import { useState } from 'preact/hooks';
import { describeDebateError, useI18n, type Translate } from '../i18n/index.js';

/** Turns an error into the message a form shows. */
export type Describe = (t: Translate, err: unknown) => string;

/**
 * The busy flag and error message around an action of a form or a button: `run` clears the error, marks the
 * form busy, runs the action and turns a failure into a translated message. Resolves to whether it succeeded.
 */
export function useAction(describe: Describe = describeDebateError) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(describe(t, err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
