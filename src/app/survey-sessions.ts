/**
 * The use cases of a teacher taking the survey, for any channel: start, choose a language,
 * consent, answer, go back, come back later. Each action reads one session, asks the engine,
 * and writes the result in one transaction before the channel shows anything.
 */
import { applyInput, firstPrompt, previousPrompt, promptById } from "../survey/engine.js";
import type { Input } from "../survey/input.js";
import type { Prompt, PromptList } from "../survey/prompts.js";
import type { Address, Clock, Language, Session, SessionStore } from "./ports.js";
import type { Step, View } from "./views.js";

export interface SurveySessionsDeps {
  store: SessionStore;
  prompts: PromptList;
  clock: Clock;
  newRespondentId: () => string;
  /** Whether a school code from a start link is one of the configured schools. */
  isKnownSchool: (code: string) => boolean;
  onUnknownSchool: (code: string) => void;
}

export type SurveySessions = ReturnType<typeof createSurveySessions>;

/** Builds the survey use cases over a store; one instance serves every channel. */
export function createSurveySessions(deps: SurveySessionsDeps) {
  const { store, prompts, clock } = deps;

  function schoolFrom(payload: string | undefined): string | null {
    if (!payload) return null;
    if (deps.isKnownSchool(payload)) return payload;
    deps.onUnknownSchool(payload);
    return null;
  }

  function currentPrompt(session: Session): Prompt | undefined {
    return session.cursor ? promptById(prompts, session.cursor) : undefined;
  }

  function promptView(session: Session, prompt: Prompt): View {
    const current = store.answerOf(session.respondentId, prompt.id);
    const labelFrom = prompt.kind === "row" ? prompt.labelFrom : undefined;
    const rowLabel = labelFrom
      ? (store.answerOf(session.respondentId, labelFrom) ?? undefined)
      : undefined;
    return { kind: "prompt", prompt, current, selected: session.draft, rowLabel };
  }

  /** The view the respondent should be looking at now. */
  function viewOf(session: Session): View {
    switch (session.stage) {
      case "language":
        return { kind: "language" };
      case "consent":
        return { kind: "consent" };
      case "declined":
        return { kind: "declined" };
      case "completed":
        return { kind: "already-completed" };
      case "answering": {
        const prompt = currentPrompt(session) ?? firstPrompt(prompts);
        return promptView(session, prompt);
      }
    }
  }

  /**
   * Whether a press repeats the last one applied: Telegram clients send a quick second tap as
   * a second update, with the same message and data, after the first already moved on.
   */
  function isRepeat(session: Session, promptId: string | undefined, input: Input): boolean {
    if (promptId === undefined || promptId !== session.lastPrompt) return false;
    switch (input.type) {
      case "choose":
        return input.code === session.lastValue;
      case "done":
        return session.lastValue !== null;
      case "skip":
        return session.lastValue === null;
      case "toggle":
      case "text":
        // A second tick on the same box takes the tick back; typed text names no button.
        return false;
    }
  }

  /** Draft ticks to start from when a several-may-apply prompt is shown again after Back. */
  function draftFor(respondentId: string, prompt: Prompt | null): string[] {
    if (prompt?.kind !== "multi") return [];
    const stored = store.answerOf(respondentId, prompt.id);
    return stored ? stored.split(",") : [];
  }

  return {
    /** Finds the session behind an address, if the person ever started. */
    find: (address: Address) => store.find(address),

    /** Key of the view a session should show; compared with what was last delivered. */
    viewKey(session: Session): string {
      if (session.stage === "answering") return session.cursor ?? firstPrompt(prompts).id;
      return session.stage;
    },

    /** The current view, e.g. to show again after a message the bot could not use. */
    viewOf,

    wasProcessed: (updateKey: string) => store.isProcessed(updateKey),

    /**
     * Records an update, so a redelivery of it is recognised. Most updates were recorded with
     * the change they made; looking first spares those a second write transaction.
     */
    markProcessed(updateKey: string): void {
      if (!store.isProcessed(updateKey)) store.atomically(updateKey, () => undefined);
    },

    /** `/start`, with an optional school code from the link. Never starts a response over. */
    start(address: Address, payload: string | undefined, updateKey?: string): Step {
      const existing = store.find(address);
      if (!existing) {
        const schoolCode = schoolFrom(payload);
        store.atomically(updateKey, () =>
          store.create(address, { respondentId: deps.newRespondentId(), schoolCode, now: clock() }),
        );
        return { view: { kind: "language" } };
      }

      return store.atomically(updateKey, () => {
        const schoolCode = existing.schoolCode ? null : schoolFrom(payload);
        if (schoolCode) store.update(existing.respondentId, { schoolCode }, clock());
        // A teacher who declined may change their mind: the consent is offered again.
        if (existing.stage === "declined") {
          store.update(existing.respondentId, { stage: "consent" }, clock());
          return { view: { kind: "consent" } };
        }
        const notice =
          existing.stage === "answering" ? { key: "continue_here" as const } : undefined;
        return { notice, view: viewOf(existing) };
      });
    },

    /** Sets the language; before consent this leads on to the introduction. */
    chooseLanguage(session: Session, language: Language, updateKey?: string): Step {
      // The same language again, once the language choice is no longer on screen, is a repeat
      // of the tap that chose it (a double tap, or a press on an older copy of the choice).
      if (
        session.stage !== "language" &&
        session.language === language &&
        session.shown !== "language"
      ) {
        return { duplicate: true };
      }
      return store.atomically(updateKey, () => {
        const first = session.stage === "language";
        const patch = first ? { language, stage: "consent" as const } : { language };
        store.update(session.respondentId, patch, clock());
        const view = viewOf({ ...session, ...patch });
        const record = `bot:language.${language}`;
        if (first) return { record, view };
        return { record, notice: { key: "language_changed" }, view };
      });
    },

    /** "I agree" starts the questions; "I decline" stores the refusal and nothing else. */
    consent(session: Session, agree: boolean, updateKey?: string): Step {
      if (session.stage !== "consent") {
        const repeat = agree
          ? session.stage === "answering" && session.lastPrompt === null
          : session.stage === "declined";
        if (repeat) return { duplicate: true };
        return { notice: { key: "stale_button" }, view: viewOf(session) };
      }
      return store.atomically(updateKey, () => {
        const now = clock();
        if (!agree) {
          store.update(session.respondentId, { stage: "declined", declinedAt: now }, now);
          return { record: "bot:consent.decline", view: { kind: "declined" } };
        }
        const first = firstPrompt(prompts);
        const patch = { stage: "answering" as const, cursor: first.id, consentedAt: now };
        store.update(session.respondentId, { ...patch, lastPrompt: null, lastValue: null }, now);
        return { record: "bot:consent.agree", view: promptView({ ...session, draft: [] }, first) };
      });
    },

    /**
     * An input for the prompt `promptId` (from a button) or for the current prompt (typed).
     * A button from another prompt is refused, except a repeat of the last tap, which is a
     * double tap and changes nothing.
     */
    answer(session: Session, promptId: string | undefined, input: Input, updateKey?: string): Step {
      if (isRepeat(session, promptId, input)) return { duplicate: true };
      if (session.stage === "completed" || session.stage === "declined") {
        return { view: viewOf(session) };
      }
      if (session.stage !== "answering") {
        return {
          notice: { key: promptId ? "stale_button" : "use_buttons" },
          view: viewOf(session),
        };
      }
      const prompt = currentPrompt(session);
      if (!prompt) return { view: viewOf(session) };
      if (promptId !== undefined && promptId !== prompt.id)
        return { notice: { key: "stale_button" } };

      const outcome = applyInput(prompts, prompt, input, session.draft);
      switch (outcome.type) {
        case "rejected": {
          const notice = { key: outcome.reason, limit: outcome.limit };
          // A typed answer where buttons belong gets the prompt again, so the buttons are at hand.
          return input.type === "text" ? { notice, view: promptView(session, prompt) } : { notice };
        }
        case "ticked":
          store.atomically(updateKey, () =>
            store.update(session.respondentId, { draft: outcome.selected }, clock()),
          );
          return { ticked: { prompt, selected: outcome.selected } };
        case "answered":
          return store.atomically(updateKey, () => {
            const now = clock();
            const { next } = outcome;
            store.saveAnswer(session.respondentId, prompt.id, outcome.value, now);
            store.clearAnswers(session.respondentId, outcome.clear);
            const draft = draftFor(session.respondentId, next);
            // The stage changes only with the last answer; leaving it out of the other updates
            // spares the indexes on it a write on every tap.
            const completion = next ? {} : { stage: "completed" as const, completedAt: now };
            store.update(
              session.respondentId,
              {
                cursor: next?.id ?? null,
                ...completion,
                draft,
                lastPrompt: prompt.id,
                lastValue: outcome.value,
              },
              now,
            );
            const answered = { prompt, value: outcome.value };
            if (!next) return { answered, view: { kind: "completed" } };
            return { answered, view: promptView({ ...session, draft }, next) };
          });
      }
    },

    /** Returns to the previous prompt on the path taken; its answer stays until replaced. */
    back(session: Session, promptId: string, updateKey?: string): Step {
      // Back records the prompt it left as the last tap, with no value (see below).
      const repeat =
        promptId === session.lastPrompt &&
        session.lastValue === null &&
        session.cursor !== promptId;
      if (repeat) return { duplicate: true };
      // After the end there is no answer to go back to; the end is said again instead.
      if (session.stage === "completed" || session.stage === "declined") {
        return { view: viewOf(session) };
      }
      const prompt = currentPrompt(session);
      if (session.stage !== "answering" || !prompt || prompt.id !== promptId) {
        return { notice: { key: "stale_button" } };
      }
      const lookup = (id: string) => store.answerOf(session.respondentId, id);
      const previous = previousPrompt(prompts, prompt, lookup);
      if (!previous) return { notice: { key: "first_prompt" } };

      return store.atomically(updateKey, () => {
        const draft = draftFor(session.respondentId, previous);
        // The last tap becomes this Back, with no value: a second Back on the same message is
        // then a double tap, and a new choice at the previous prompt is never mistaken for one.
        store.update(
          session.respondentId,
          { cursor: previous.id, draft, lastPrompt: prompt.id, lastValue: null },
          clock(),
        );
        return { leftPrompt: prompt, view: promptView({ ...session, draft }, previous) };
      });
    },

    /** Something the bot cannot take as an answer (a sticker, a photo, a voice note). */
    unusable(session: Session): Step {
      const prompt = session.stage === "answering" ? currentPrompt(session) : undefined;
      const wantsText =
        prompt?.kind === "text" || prompt?.kind === "number" || prompt?.kind === "other-row-text";
      if (wantsText) return { notice: { key: "send_text" } };
      // The language and the consent are chosen with buttons too; after the end, the end is
      // said again with no notice.
      const choosing = prompt || session.stage === "language" || session.stage === "consent";
      return { notice: choosing ? { key: "use_buttons" } : undefined, view: viewOf(session) };
    },

    /**
     * A message the respondent edited. An answer keeps the text as first sent, so the edit
     * changes nothing; while answering they are pointed to Back, after the end told the end.
     */
    edited(session: Session): Step {
      if (session.stage === "completed" || session.stage === "declined") {
        return { view: viewOf(session) };
      }
      return { notice: { key: "edits_ignored" } };
    },

    /**
     * Records that a view reached the respondent in message `messageId` (null where the channel
     * has no ids), and whether that message carries the view's buttons.
     */
    delivered(
      session: Session,
      viewKey: string,
      delivery: { messageId: number | null; hasButtons: boolean },
    ): void {
      const { messageId, hasButtons } = delivery;
      store.markShown(session.respondentId, viewKey, {
        messageId,
        promptMessageId: hasButtons ? messageId : null,
      });
    },
  };
}
