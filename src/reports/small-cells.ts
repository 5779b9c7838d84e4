/**
 * Small-cell protection: a count of fewer than five teachers is never shown exactly, so no
 * one's answers can be read off a narrow filter. Means, medians and scale reliabilities over
 * fewer than five answers are withheld for the same reason.
 *
 * Known gap: shares of the other cells are shown against the full n, so a hidden cell can
 * sometimes be worked out by subtraction (no secondary suppression is done).
 */

/** The smallest count shown exactly. */
export const MIN_CELL = 5;

/** A count as the admin may see it: the number, or "hidden" below MIN_CELL. */
export type ShownCount = { shown: true; count: number } | { shown: false };

/** Masks a count below MIN_CELL (zero included: "nobody chose it" is a disclosure too). */
export function protect(count: number): ShownCount {
  return count >= MIN_CELL ? { shown: true, count } : { shown: false };
}

/** Whether summaries over `n` answers may be shown. */
export function enoughFor(n: number): boolean {
  return n >= MIN_CELL;
}
