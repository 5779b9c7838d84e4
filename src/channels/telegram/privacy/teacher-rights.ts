/**
 * A teacher's rights in the chat: /my_data shows what is stored about them, /delete_me
 * (after a confirmation) deletes all of it. Both act on the chat they are sent from and on
 * nothing else, so no one can read or delete another teacher's data.
 */
import { Composer, type Context } from "grammy";
import { eraseRespondent } from "../../../privacy/erase.js";
import { readRespondentData } from "../../../privacy/respondent-data.js";
import { answerPress } from "../deliver.js";
import { addressOf } from "../survey-handlers.js";
import { closeMessage } from "./close-message.js";
import type { Confirmations } from "./confirmations.js";
import { languageOf } from "./language-of.js";
import { myDataLines, splitIntoMessages } from "./my-data-text.js";
import { decodePrivacyButton, encodePrivacyButton } from "./privacy-buttons.js";
import type { PrivacyDeps } from "./privacy-deps.js";

const eraseKey = (chatId: number) => `erase:${chatId}`;

/** The teacher's commands and the presses of their confirmation. */
export function teacherRights(deps: PrivacyDeps, confirmations: Confirmations): Composer<Context> {
  const composer = new Composer<Context>();
  const privateChat = composer.chatType("private");

  privateChat.command("my_data", async (ctx) => {
    const language = languageOf(ctx, deps.sessions);
    const t = deps.translations.t(language);
    const address = addressOf(ctx);
    const data = address && readRespondentData(deps.database, deps.prompts, address);
    if (!data) return void (await ctx.reply(t("privacy:my_data.nothing")));
    const lines = myDataLines(data, t, language, deps.schools);
    for (const message of splitIntoMessages(lines)) await ctx.reply(message);
  });

  privateChat.command("delete_me", async (ctx) => {
    const t = deps.translations.t(languageOf(ctx, deps.sessions));
    const address = addressOf(ctx);
    if (!address || !deps.sessions.find(address)) {
      return void (await ctx.reply(t("privacy:delete_me.nothing")));
    }
    const code = confirmations.issue(eraseKey(ctx.chat.id));
    await ctx.reply(t("privacy:delete_me.confirm"), {
      reply_markup: {
        inline_keyboard: [
          [
            {
              text: t("privacy:delete_me.yes"),
              callback_data: encodePrivacyButton({ type: "erase", code }),
            },
          ],
          [
            {
              text: t("privacy:delete_me.no"),
              callback_data: encodePrivacyButton({ type: "keep" }),
            },
          ],
        ],
      },
    });
  });

  privateChat.on("callback_query:data", async (ctx, next) => {
    const button = decodePrivacyButton(ctx.callbackQuery.data);
    if (button?.type !== "erase" && button?.type !== "keep") return next();
    // A press counts only from the teacher's own private chat.
    if (ctx.from.id !== ctx.chat.id) return answerPress(ctx);
    const t = deps.translations.t(languageOf(ctx, deps.sessions));

    if (button.type === "keep") {
      confirmations.cancel(eraseKey(ctx.chat.id));
      await answerPress(ctx);
      return closeMessage(ctx, t("privacy:delete_me.kept"));
    }
    if (!confirmations.take(eraseKey(ctx.chat.id), button.code)) {
      return answerPress(ctx, t("privacy:delete_me.expired"));
    }
    const address = addressOf(ctx);
    const erased = address ? eraseRespondent(deps.database, address) : 0;
    deps.logger.info({ erased }, "a teacher deleted their data");
    await answerPress(ctx);
    await closeMessage(ctx, t(erased > 0 ? "privacy:delete_me.done" : "privacy:delete_me.nothing"));
  });

  return composer;
}
