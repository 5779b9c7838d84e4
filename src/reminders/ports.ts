/**
 * What the reminder queue needs from a channel: send one reminder, and show a coordinator how
 * a job is going. Telegram implements both; the queue knows nothing of Telegram.
 */
import type { Language } from "../app/ports.js";
import type { Segment } from "../storage/schema-reminders.js";

/** The coordinator's own texts, or null for the default texts of the locales. */
export type CustomTexts = Record<Language, string> | null;

/** One reminder to deliver. */
export interface Delivery {
  /** The channel address from `contacts`, read when the reminder leaves. */
  address: string;
  /** null when the teacher has not chosen a language yet: the reminder goes in both. */
  language: Language | null;
  segment: Segment;
  texts: CustomTexts;
}

/** How one send ended. A failure carries a short error code, never a text. */
export type SendOutcome =
  | { status: "sent" }
  | { status: "unreachable"; reason: string }
  | { status: "failed"; reason: string };

/** Sends reminders on one channel. Must not throw: every ending is an outcome. */
export interface ReminderChannel {
  send(delivery: Delivery): Promise<SendOutcome>;
}

/** Counts of a job's recipients by outcome. */
export interface JobCounts {
  total: number;
  sent: number;
  failed: number;
  unreachable: number;
  /** Skipped or cancelled: no longer eligible when their turn came, or the job was cancelled. */
  skipped: number;
  /** Pending or in flight. */
  remaining: number;
}

/** A job's state for a progress display. */
export interface JobProgress {
  jobId: number;
  segment: Segment;
  /** The staff member watching, and their language; null for automatic jobs. */
  watcher: { id: string; language: Language } | null;
  progressMessageId: number | null;
  counts: JobCounts;
  /** Estimated ms until the last recipient is tried; null when unknown. */
  etaMs: number | null;
  /** How the job ended; undefined while it runs. */
  ended?: "done" | "cancelled";
}

/** Shows a job's progress to the staff member who started it. Must not throw. */
export interface ProgressDisplay {
  /** Shows or updates the progress; returns the message id to edit next time. */
  show(progress: JobProgress): Promise<number | null>;
  /** Shows the final state and a summary. */
  finish(progress: JobProgress): Promise<void>;
}
