import type { Amendment, AmendmentStatus } from '../../shared/validation/amendments.js';

/** How long before the consultation closes an amendment owed an answer counts as overdue already. */
export const CLOSING_SOON_MS = 24 * 60 * 60 * 1000;

/**
 * Whether an amendment is owed a public answer (filed with at least the rulebook's threshold of co-signers) and
 * whether that answer is overdue (still undecided while the consultation has closed or closes within a day).
 */
export function cosigningState(
  status: AmendmentStatus,
  cosigners: number,
  rulebook: { cosignThreshold: number | null; closesAt: Date | null },
  now: Date,
): Pick<Amendment, 'cosignThreshold' | 'answerDue' | 'overdue'> {
  const threshold = rulebook.cosignThreshold;
  const answerDue = threshold !== null && status !== 'draft' && cosigners >= threshold;
  const closing = rulebook.closesAt !== null && now.getTime() >= rulebook.closesAt.getTime() - CLOSING_SOON_MS;
  return { cosignThreshold: threshold, answerDue, overdue: answerDue && status === 'open' && closing };
}

const rank = (a: Amendment): number => (a.overdue ? 0 : a.answerDue && a.status === 'open' ? 1 : 2);

/** The organiser's order: overdue first, then open ones owed an answer, then the rest, each group in its given order (the sort is stable). */
export function rankForAnswer(list: Amendment[]): Amendment[] {
  return [...list].sort((x, y) => rank(x) - rank(y));
}
