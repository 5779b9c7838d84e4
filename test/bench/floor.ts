/**
 * The floor: the least a bot can do per button press on this stack. A bare grammY bot whose
 * only handler stores the press in SQLite (WAL, a temp file, the same pragmas as ours) and
 * replies with one message carrying buttons. The survey's cost is read against this.
 *
 * A second variant makes the three Bot API requests a survey step makes (answer the press,
 * turn the pressed message into a record, send the next prompt): the gap between the two is
 * what Telegram's protocol costs, the rest of the survey's cost is our own code.
 */
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { Bot } from "grammy";
import type { InlineKeyboardMarkup, Update } from "grammy/types";
import { BENCH_TOKEN, benchBotInfo, type TelegramStandIn } from "./telegram-stand-in.js";

/** A floor bot and how to drive one simulated person through it. */
export interface FloorBot {
  bot: Bot;
  /** The next press of the person in `chatId`, on the message the floor sent last. */
  nextPress(chatId: number): Update;
  /** Rows stored so far, to check every press was handled. */
  storedPresses(): number;
  close(): void;
}

/** A prompt-sized reply: a few lines and four buttons, like a survey question. */
function replyMarkup(step: number): InlineKeyboardMarkup {
  const buttons = ["1", "2", "3", "4"].map((code) => [
    { text: `Option ${code}`, callback_data: `a:f${step}:${code}` },
  ]);
  return { inline_keyboard: buttons };
}
const REPLY_TEXT =
  "Step of a survey\n\nA question about the course, about as long as the real ones are, " +
  "followed by a hint on how to answer it.";

/** Creates a floor bot on a fresh SQLite file in `dir`, talking to `telegram`. */
export function createFloorBot(
  telegram: TelegramStandIn,
  dir: string,
  variant: "reply" | "survey-calls",
): FloorBot {
  const sqlite = new Sqlite(join(dir, `floor-${variant}.db`));
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.exec(
    "create table presses (chat_id integer not null, data text not null, at integer not null)",
  );
  const insert = sqlite.prepare("insert into presses (chat_id, data, at) values (?, ?, ?)");
  const steps = new Map<number, number>();

  const bot = new Bot(BENCH_TOKEN, {
    botInfo: benchBotInfo,
    client: { fetch: telegram.fetch as never },
  });
  bot.on("callback_query:data", async (ctx) => {
    insert.run(ctx.chat?.id ?? 0, ctx.callbackQuery.data, Date.now());
    const step = (steps.get(ctx.chat?.id ?? 0) ?? 0) + 1;
    steps.set(ctx.chat?.id ?? 0, step);
    if (variant === "survey-calls") {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(`${ctx.callbackQuery.message?.text ?? ""}\n\n✓ Option 2`);
    }
    await ctx.reply(REPLY_TEXT, { reply_markup: replyMarkup(step) });
  });

  return {
    bot,
    nextPress(chatId) {
      const message =
        telegram.liveMessage(chatId) ??
        telegram.placeBotMessage(chatId, REPLY_TEXT, replyMarkup(0));
      const row = message.reply_markup?.inline_keyboard[chatId % 4];
      const button = row?.[0];
      const data = button && "callback_data" in button ? button.callback_data : "a:f0:1";
      return telegram.pressed(chatId, message, data);
    },
    storedPresses: () =>
      (sqlite.prepare("select count(*) as n from presses").get() as { n: number }).n,
    close: () => sqlite.close(),
  };
}
