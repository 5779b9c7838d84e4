/**
 * What a respondent can do at a prompt, independent of the channel that carried it,
 * and the reasons an input is refused (each maps to a translation key).
 */

export type Input =
  | { type: "choose"; code: string }
  /** `on` sets the tick as the button showed it would; without it the tick flips. */
  | { type: "toggle"; code: string; on?: boolean }
  | { type: "done" }
  | { type: "text"; text: string }
  | { type: "skip" };

export type RejectReason =
  | "use_buttons"
  | "unknown_option"
  | "type_answer"
  | "not_a_number"
  | "not_whole"
  | "negative"
  | "too_small"
  | "too_large"
  | "text_empty"
  | "text_too_long"
  | "tick_at_least"
  | "cannot_skip";

export interface Rejection {
  reason: RejectReason;
  /** The bound the reason refers to (a maximum length, the highest number). */
  limit?: number;
}
