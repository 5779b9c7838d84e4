/**
 * The teacher's side of the bot in private chats: every kind of update is mapped to a use
 * case, and every outcome, good or bad, is answered in the teacher's language.
 */
import { Composer, type Context } from "grammy";
import type { Address, Language, Session } from "../../app/ports.js";
import type { SurveySessions } from "../../app/survey-sessions.js";
import type { Step } from "../../app/views.js";
import type { Input } from "../../survey/input.js";
import { decodeButton } from "./callback-data.js";
import { type DeliverDeps, deliverStep } from "./deliver.js";

/** The channel name stored with contacts. */
export const TELEGRAM = "telegram";

/** The address of a private chat. */
export function addressOf(ctx: Context): Address | undefined {
  const chat = ctx.chat;
  return chat?.type === "private" ? { channel: TELEGRAM, id: String(chat.id) } : undefined;
}

/** The language to speak before the teacher has chosen one: a hint from their Telegram app. */
export function guessLanguage(ctx: Context): Language {
  return ctx.from?.language_code?.startsWith("ru") ? "ru" : "kk";
}

/** The update's dedup key: Telegram's update ids are unique per bot. */
export function updateKeyOf(ctx: Context): string {
  return `tg:${ctx.update.update_id}`;
}

/** Registers the survey handlers; they run for private chats after admin commands had their turn. */
export function surveyHandlers(sessions: SurveySessions, deps: DeliverDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const privateChat = composer.chatType("private");

  const show = (ctx: Context, session: Session, step: Step, language?: Language) => {
    // If the bot stopped between storing an answer and sending the next prompt, whatever the
    // teacher does next (a second tap, a stale button) brings that prompt.
    const pending = !step.view && !step.ticked && session.shown !== sessions.viewKey(session);
    const full = pending ? { ...step, view: sessions.viewOf(session) } : step;
    return deliverStep(
      ctx,
      session,
      full,
      language ?? session.language ?? guessLanguage(ctx),
      deps,
    );
  };

  /** The session behind the chat, created by an implicit /start when the teacher is new. */
  async function withSession(
    ctx: Context,
    work: (session: Session) => Promise<void>,
  ): Promise<void> {
    const address = addressOf(ctx);
    if (!address) return;
    const session = sessions.find(address);
    if (session) return work(session);
    const step = sessions.start(address, undefined, updateKeyOf(ctx));
    const created = sessions.find(address);
    if (created) await show(ctx, created, step);
  }

  privateChat.command("start", async (ctx) => {
    const address = addressOf(ctx);
    if (!address) return;
    const payload = ctx.match.trim() || undefined;
    const before = sessions.find(address);
    const step = sessions.start(address, payload, updateKeyOf(ctx));
    const session = before ?? sessions.find(address);
    if (session) await show(ctx, session, step);
  });

  privateChat.command("language", (ctx) =>
    withSession(ctx, (session) => show(ctx, session, { view: { kind: "language" } })),
  );

  privateChat.on("callback_query:data", (ctx) =>
    withSession(ctx, async (session) => {
      const action = decodeButton(ctx.callbackQuery.data);
      const key = updateKeyOf(ctx);
      if (!action) return show(ctx, session, { notice: { key: "stale_button" } });
      switch (action.type) {
        case "language":
          return show(
            ctx,
            session,
            sessions.chooseLanguage(session, action.language, key),
            action.language,
          );
        case "consent":
          return show(ctx, session, sessions.consent(session, action.agree, key));
        case "back":
          return show(ctx, session, sessions.back(session, action.promptId, key));
        case "choose":
        case "toggle":
        case "done":
        case "skip": {
          const input: Input =
            action.type === "choose"
              ? { type: action.type, code: action.code }
              : action.type === "toggle"
                ? { type: action.type, code: action.code, on: action.on }
                : { type: action.type };
          return show(ctx, session, sessions.answer(session, action.promptId, input, key));
        }
      }
    }),
  );

  // Buttons that are not ours (or data-less game buttons) still need their spinner stopped.
  privateChat.on("callback_query", (ctx) => ctx.answerCallbackQuery());

  // Edited messages are never answers: an answer keeps the text as first sent (an edit of the
  // q17 answer made at q18 changes neither q17 nor q18); "Back" is the way to change it.
  privateChat.on("edited_message", (ctx) =>
    withSession(ctx, (session) => show(ctx, session, sessions.edited(session))),
  );

  privateChat.on("message:forward_origin", (ctx) =>
    withSession(ctx, (session) =>
      show(ctx, session, { notice: { key: "forward_ignored" }, view: sessions.viewOf(session) }),
    ),
  );

  privateChat.on("message:text", (ctx) =>
    withSession(ctx, (session) => {
      if (ctx.message.text.startsWith("/")) {
        return show(ctx, session, {
          notice: { key: "unknown_command" },
          view: sessions.viewOf(session),
        });
      }
      // A text answers the prompt the teacher was looking at: a prompt that never reached them
      // is shown instead of taking the text, and a text sent before the current prompt
      // appeared (typed twice while the bot was away) was meant for an earlier one.
      if (session.stage === "answering" && session.shown !== sessions.viewKey(session)) {
        return show(ctx, session, { view: sessions.viewOf(session) });
      }
      // The prompt counts from its first showing: shown again after a refused answer, it is
      // still the prompt a quick second try (sent before the repeat arrived) was meant for.
      const since = session.shownSince ?? session.promptMessageId;
      if (since !== null && ctx.message.message_id < since) return Promise.resolve();
      const input: Input = { type: "text", text: ctx.message.text };
      return show(ctx, session, sessions.answer(session, undefined, input, updateKeyOf(ctx)));
    }),
  );

  privateChat.on("message", (ctx) =>
    withSession(ctx, (session) => show(ctx, session, sessions.unusable(session))),
  );

  return composer;
}
