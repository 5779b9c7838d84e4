/**
 * Transformers that staff features give the bot sit inside its auto-retry: the reminders'
 * pacer must see a reply's 429 (to pause the bulk sends) and count the retry that follows.
 */
import { expect, it } from "vitest";
import type { SurveySessions } from "../../../src/app/survey-sessions.js";
import { createTelegramBot } from "../../../src/channels/telegram/create-bot.js";
import { loadTranslations } from "../../../src/i18n.js";
import { createLogger } from "../../../src/logger.js";

/** A Bot API that refuses the first sendMessage with a 429 and accepts the next. */
function refusingOnce(): typeof fetch {
  let refused = false;
  return async (input) => {
    const method = String(input).slice(String(input).lastIndexOf("/") + 1);
    if (method === "sendMessage" && !refused) {
      refused = true;
      const body = {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      };
      return new Response(JSON.stringify(body), { status: 429 });
    }
    const message = { message_id: 1, date: 0, chat: { id: 7, type: "private" }, text: "hi" };
    return new Response(JSON.stringify({ ok: true, result: message }));
  };
}

it("shows a feature's transformer every attempt, the 429 and its retry", async () => {
  const seen: (number | "ok")[] = [];
  const bot = createTelegramBot({
    token: "1:TEST",
    apiRoot: "http://127.0.0.1:9",
    logger: createLogger("silent"),
    // The bot handles no update here; only its API client is used.
    sessions: {} as SurveySessions,
    translations: await loadTranslations(),
    facts: { totalQuestions: 22, firstPromptId: "q1" },
    fetch: refusingOnce(),
    transformers: [
      async (prev, method, payload, signal) => {
        const result = await prev(method, payload, signal);
        seen.push(result.ok ? "ok" : result.error_code);
        return result;
      },
    ],
  });
  const sent = await bot.api.sendMessage(7, "hi");
  expect(sent.message_id).toBe(1);
  expect(seen).toEqual([429, "ok"]);
});
