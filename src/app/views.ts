/**
 * What the use cases ask a channel to show. Channels render these with their own widgets and
 * the locale files; nothing here is text.
 */

import type { RejectReason } from "../survey/input.js";
import type { Prompt } from "../survey/prompts.js";

export type View =
  | { kind: "language" }
  | { kind: "consent" }
  | { kind: "declined" }
  | {
      kind: "prompt";
      prompt: Prompt;
      /** The stored answer when the prompt is shown again (after Back); undefined if none. */
      current: string | null | undefined;
      selected: string[];
      /** The respondent's own words that name an "Other (specify)" row. */
      rowLabel?: string;
    }
  | { kind: "completed" }
  | { kind: "already-completed" };

/** A short message that is not a prompt; `key` is a translation key under "notice". */
export type NoticeKey =
  | RejectReason
  | "stale_button"
  | "continue_here"
  | "first_prompt"
  | "edits_ignored"
  | "forward_ignored"
  | "private_only"
  | "send_text"
  | "language_changed"
  | "unknown_command";

export interface Notice {
  key: NoticeKey;
  limit?: number;
}

/** A record of an accepted answer, so the channel can turn its prompt into a clean transcript. */
export interface AnsweredRecord {
  prompt: Prompt;
  value: string | null;
}

/**
 * The result of one respondent action, in the order a channel should render it:
 * the answered record, then a notice, then the next view.
 */
export interface Step {
  /** The update was applied before (a redelivery): show nothing new unless `view` is set. */
  duplicate?: boolean;
  answered?: AnsweredRecord;
  /** A choice outside the questions (a language, the consent): a translation key of its label. */
  record?: string;
  /** Ticks changed at a several-may-apply prompt: redraw its buttons. */
  ticked?: { prompt: Prompt; selected: string[] };
  notice?: Notice;
  view?: View;
  /** The respondent went back: the prompt they left should lose its buttons. */
  leftPrompt?: Prompt;
}

/** The key a view is recorded under once delivered; matches SurveySessions.viewKey. */
export function viewKeyOf(view: View): string {
  switch (view.kind) {
    case "prompt":
      return view.prompt.id;
    case "already-completed":
      return "completed";
    default:
      return view.kind;
  }
}
