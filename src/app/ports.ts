/**
 * The small interfaces the use cases need from the outside world. Storage implements them
 * over SQLite; tests and the terminal preview use the same implementations on temp files.
 */
import type { Stage } from "../storage/schema.js";

export type Language = "kk" | "ru";
export const languages: readonly Language[] = ["kk", "ru"];

/** What the use cases know of one respondent reached through one channel address. */
export interface Session {
  respondentId: string;
  language: Language | null;
  stage: Stage;
  cursor: string | null;
  draft: string[];
  lastPrompt: string | null;
  lastValue: string | null;
  schoolCode: string | null;
  /** The last view delivered to the respondent; differs from the current one after a crash. */
  shown: string | null;
  promptMessageId: number | null;
  /** The first message that showed the view in `shown` (null where no channel gives ids). */
  shownSince: number | null;
}

export type SessionPatch = Partial<{
  language: Language;
  stage: Stage;
  cursor: string | null;
  draft: string[];
  lastPrompt: string | null;
  lastValue: string | null;
  schoolCode: string | null;
  consentedAt: number;
  declinedAt: number;
  completedAt: number | null;
}>;

/** A channel address: which messenger, and the chat there. */
export interface Address {
  channel: string;
  id: string;
}

/** Survey progress in durable storage. Every method is synchronous and cheap: one tap, a few rows. */
export interface SessionStore {
  find(address: Address): Session | undefined;
  create(
    address: Address,
    init: { respondentId: string; schoolCode: string | null; now: number },
  ): Session;
  /** Runs `work` atomically; `updateKey`, when given, is recorded in the same transaction. */
  atomically<T>(updateKey: string | undefined, work: () => T): T;
  isProcessed(updateKey: string): boolean;
  answerOf(respondentId: string, variable: string): string | null | undefined;
  saveAnswer(respondentId: string, variable: string, value: string | null, now: number): void;
  clearAnswers(respondentId: string, variables: readonly string[]): void;
  update(respondentId: string, patch: SessionPatch, now: number): void;
  /**
   * Records that view `shown` was delivered in message `messageId`; `promptMessageId` is that
   * message when it carries buttons. Delivering the view already shown keeps `shownSince`.
   */
  markShown(
    respondentId: string,
    shown: string,
    delivery: { messageId: number | null; promptMessageId: number | null },
  ): void;
}

/** The time, injected so tests can fix it. */
export type Clock = () => number;
