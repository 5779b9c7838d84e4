import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Bot, GrammyError, InlineKeyboard, InputFile } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BotApiEmulator, type SimUser, startEmulator } from "./bot-api-emulator.js";

const alice: SimUser = { id: 1001, first_name: "Әлия", username: "aliya", language_code: "kk" };
const bob: SimUser = { id: 1002, first_name: "Bob" };
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

let emu: BotApiEmulator;
let bot: Bot;

beforeEach(async () => {
  emu = await startEmulator();
  bot = new Bot(emu.token, { client: { apiRoot: emu.apiRoot } });
});

afterEach(async () => {
  if (bot.isRunning()) await bot.stop();
  await emu.stop();
});

/** Runs a call expected to fail and returns the GrammyError. */
async function apiError(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${error}`);
  return error;
}

async function post(method: string, body: string, contentType: string): Promise<unknown> {
  const response = await fetch(`${emu.apiRoot}/bot${emu.token}/${method}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  return response.json();
}

describe("long polling", () => {
  it("delivers updates to a grammY bot and confirms them with the next offset", async () => {
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    void bot.start();
    await emu.waitForPolling();
    const update = emu.sendText(alice, "сәлем");
    const reply = await emu.nextBotMessage(alice.id);
    expect(reply.text).toBe("echo: сәлем");
    expect(reply.raw.chat).toEqual({
      id: alice.id,
      type: "private",
      first_name: "Әлия",
      username: "aliya",
    });
    await emu.waitForPolling();
    expect(emu.pendingUpdates()).toBe(0);
    const delivered = emu
      .callsTo("getUpdates")
      .flatMap((c) => (c.response.ok ? (c.response.result as Update[]) : []));
    expect(delivered.map((u) => u.update_id)).toEqual([update.update_id]);
    expect(emu.calls.every((c) => c.token === emu.token)).toBe(true);
  });

  it("honours offset and limit, keeping handed-out updates until confirmed", async () => {
    const ids = [1, 2, 3].map((n) => emu.sendText(alice, `m${n}`).update_id);
    const first = await bot.api.getUpdates({ limit: 2 });
    expect(first.map((u) => u.update_id)).toEqual(ids.slice(0, 2));
    const again = await bot.api.getUpdates({ offset: ids[1] });
    expect(again.map((u) => u.update_id)).toEqual(ids.slice(1));
    expect(emu.pendingUpdates()).toBe(2);
    expect(await bot.api.getUpdates({ offset: (ids[2] ?? 0) + 1 })).toEqual([]);
    expect(emu.pendingUpdates()).toBe(0);
  });

  it("holds a long poll until an update arrives", async () => {
    const poll = bot.api.getUpdates({ timeout: 30 });
    await emu.waitForPolling();
    const update = emu.sendCommand(bob, "/start", "SCH01");
    const [received] = await poll;
    expect(received?.update_id).toBe(update.update_id);
    expect(received?.message?.text).toBe("/start SCH01");
    expect(received?.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
  });

  it("answers an empty list when the poll timeout passes", async () => {
    expect(await bot.api.getUpdates({ timeout: 1 })).toEqual([]);
  });

  it("answers 409 to a poll superseded by a newer getUpdates", async () => {
    const older = apiError(bot.api.getUpdates({ timeout: 30 }));
    await emu.waitForPolling();
    const newer = bot.api.getUpdates({ timeout: 30 });
    expect((await older).description).toMatch(/^Conflict: terminated by other getUpdates/);
    await emu.waitForPolling();
    const update = emu.sendText(alice, "hi");
    expect((await newer).map((u) => u.update_id)).toEqual([update.update_id]);
  });

  it("hands unconfirmed updates to the next poller and survives aborted polls", async () => {
    const controller = new AbortController();
    const signal = controller.signal as Parameters<typeof bot.api.getUpdates>[1];
    const aborted = bot.api.getUpdates({ timeout: 30 }, signal).catch(() => "aborted");
    await emu.waitForPolling();
    controller.abort();
    expect(await aborted).toBe("aborted");
    const update = emu.sendText(alice, "first");
    expect(await bot.api.getUpdates({ timeout: 30 })).toEqual([update]);
    const restarted = new Bot(emu.token, { client: { apiRoot: emu.apiRoot } });
    expect(await restarted.api.getUpdates({ offset: 0 })).toEqual([update]);
  });

  it("redelivers an update with the same update_id", async () => {
    const update = emu.sendText(alice, "once");
    await bot.api.getUpdates({});
    await bot.api.getUpdates({ offset: update.update_id + 1 });
    expect(emu.pendingUpdates()).toBe(0);
    emu.redeliver(update.update_id);
    const [again] = await bot.api.getUpdates({ offset: update.update_id + 1 });
    expect(again).toEqual(update);
  });

  it("filters by allowed_updates", async () => {
    emu.sendText(alice, "text");
    const query = emu.pushUpdate({
      callback_query: {
        id: "77",
        from: { id: 1, is_bot: false, first_name: "X" },
        chat_instance: "1",
      },
    });
    const updates = await bot.api.getUpdates({ allowed_updates: ["callback_query"] });
    expect(updates.map((u) => u.update_id)).toEqual([query.update_id]);
  });
});

describe("a killed bot process", () => {
  const script = `
    const { Bot } = require("grammy");
    const bot = new Bot(process.env.TOKEN, { client: { apiRoot: process.env.BOT_API_ROOT } });
    bot.on("message:text", async (ctx) => {
      if (process.env.HANG && ctx.message.text === "hang") {
        await ctx.replyWithChatAction("typing");
        await new Promise(() => {});
      }
      await ctx.reply("got " + ctx.message.text);
    });
    bot.start();`;
  const deliveries = (updateId: number) =>
    emu.callsTo("getUpdates").filter((c) => {
      const result = c.response.ok ? (c.response.result as Update[]) : [];
      return result.some((u) => u.update_id === updateId);
    }).length;

  it("gets its unconfirmed updates again after SIGKILL", async () => {
    const children: ChildProcess[] = [];
    const run = (hang: string) => {
      const env = {
        PATH: process.env.PATH,
        TOKEN: emu.token,
        BOT_API_ROOT: emu.apiRoot,
        HANG: hang,
      };
      const child = spawn(process.execPath, ["-e", script], {
        cwd: projectRoot,
        env,
        stdio: "ignore",
      });
      children.push(child);
      return child;
    };
    try {
      const polling = run("1");
      await emu.waitForPolling({ timeoutMs: 20_000 });
      polling.kill("SIGKILL");
      const handling = run("1");
      const update = emu.sendText(alice, "hang");
      await emu.waitFor((c) => c.method === "sendChatAction", { timeoutMs: 20_000 });
      handling.kill("SIGKILL");
      run("");
      const reply = await emu.nextBotMessage(alice.id, { timeoutMs: 20_000 });
      expect(reply.text).toBe("got hang");
      expect(deliveries(update.update_id)).toBeGreaterThanOrEqual(2);
    } finally {
      for (const child of children) child.kill("SIGKILL");
    }
  }, 60_000);
});

describe("limits", () => {
  it("enforces message text length after trimming", async () => {
    await expect(bot.api.sendMessage(alice.id, "x".repeat(4096))).resolves.toBeTruthy();
    const long = await apiError(bot.api.sendMessage(alice.id, "x".repeat(4097)));
    expect([long.error_code, long.description]).toEqual([400, "Bad Request: message is too long"]);
    const empty = await apiError(bot.api.sendMessage(alice.id, " \n "));
    expect(empty.description).toBe("Bad Request: message text is empty");
  });

  it("measures callback_data in UTF-8 bytes", async () => {
    const ok = new InlineKeyboard().text("ok", "ә".repeat(32));
    await expect(bot.api.sendMessage(alice.id, "q", { reply_markup: ok })).resolves.toBeTruthy();
    const tooLong = new InlineKeyboard().text("no", `${"ә".repeat(32)}x`);
    const error = await apiError(bot.api.sendMessage(alice.id, "q", { reply_markup: tooLong }));
    expect(error.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const noText = new InlineKeyboard().text("", "data");
    expect(
      (await apiError(bot.api.sendMessage(alice.id, "q", { reply_markup: noText }))).error_code,
    ).toBe(400);
  });

  it("rejects identical edits and edits of missing messages", async () => {
    const markup = new InlineKeyboard().text("A", "a");
    const sent = await bot.api.sendMessage(alice.id, "Q1", { reply_markup: markup });
    const same = bot.api.editMessageText(alice.id, sent.message_id, "Q1", { reply_markup: markup });
    expect((await apiError(same)).description).toMatch(/^Bad Request: message is not modified: /);
    const missing = await apiError(bot.api.editMessageText(alice.id, 999, "x"));
    expect(missing.description).toBe("Bad Request: message to edit not found");
    const answer = await apiError(bot.api.answerCallbackQuery("nope"));
    expect(answer.description).toMatch(/query ID is invalid$/);
  });

  it("answers 429 with retry_after above the global rate", async () => {
    await emu.stop();
    emu = await startEmulator({ rateLimit: { perSecond: 2 } });
    bot = new Bot(emu.token, { client: { apiRoot: emu.apiRoot } });
    await bot.api.sendMessage(alice.id, "1");
    await bot.api.sendMessage(bob.id, "2");
    const error = await apiError(bot.api.sendMessage(alice.id, "3"));
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBeGreaterThanOrEqual(1);
    expect(error.description).toBe(
      `Too Many Requests: retry after ${error.parameters.retry_after}`,
    );
    expect(emu.botMessages(alice.id)).toHaveLength(1);
  });

  it("answers 429 per chat above perChatPerSecond", async () => {
    await emu.stop();
    emu = await startEmulator({ perChatPerSecond: 1 });
    bot = new Bot(emu.token, { client: { apiRoot: emu.apiRoot } });
    await bot.api.sendMessage(alice.id, "1");
    expect((await apiError(bot.api.sendMessage(alice.id, "2"))).error_code).toBe(429);
    await expect(bot.api.sendMessage(bob.id, "3")).resolves.toBeTruthy();
  });

  it("answers 403 for blocked chats", async () => {
    await emu.stop();
    emu = await startEmulator({ blockedChats: [alice.id] });
    bot = new Bot(emu.token, { client: { apiRoot: emu.apiRoot } });
    const error = await apiError(bot.api.sendMessage(alice.id, "hi"));
    expect([error.error_code, error.description]).toEqual([
      403,
      "Forbidden: bot was blocked by the user",
    ]);
    emu.unblockChat(alice.id);
    await bot.api.sendMessage(alice.id, "hi");
    const update = emu.myChatMember(bob, "kicked");
    expect(update.my_chat_member?.new_chat_member.status).toBe("kicked");
    expect((await apiError(bot.api.sendChatAction(bob.id, "typing"))).error_code).toBe(403);
  });
});

describe("messages and files", () => {
  it("removes the inline keyboard when editMessageText has no reply_markup", async () => {
    const markup = new InlineKeyboard().text("Иә", "yes").text("Жоқ", "no");
    const sent = await bot.api.sendMessage(alice.id, "Q?", { reply_markup: markup });
    expect(emu.findButton(alice.id, "Жоқ")?.button).toEqual({ text: "Жоқ", callback_data: "no" });
    const edited = await bot.api.editMessageText(alice.id, sent.message_id, "Q? — Иә");
    expect(edited).not.toHaveProperty("reply_markup");
    const stored = emu.lastBotMessage(alice.id);
    expect(stored?.reply_markup).toBeUndefined();
    expect(stored?.edits).toEqual([expect.objectContaining({ text: "Q?", reply_markup: markup })]);
    expect(emu.findButton(alice.id, "Жоқ")).toBeUndefined();
  });

  it("parses HTML like Telegram and rejects malformed markup", async () => {
    const sent = await bot.api.sendMessage(alice.id, " <b>Сұрақ</b> &lt;1&gt; ", {
      parse_mode: "HTML",
    });
    expect(sent.text).toBe("Сұрақ <1>");
    expect(sent.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
    const bad = await apiError(bot.api.sendMessage(alice.id, "a <b>b", { parse_mode: "HTML" }));
    expect(bad.description).toMatch(/^Bad Request: can't parse entities: /);
  });

  it("stores uploaded photos and documents byte for byte", async () => {
    const caption = "Нәтиже";
    const photo = await bot.api.sendPhoto(alice.id, new InputFile(PNG, "x.png"), { caption });
    const stored = emu.lastBotMessage(alice.id);
    expect(stored?.file?.bytes.equals(PNG)).toBe(true);
    expect(stored?.file?.filename).toBe("x.png");
    expect(stored?.file?.mimeType).toBe("image/png");
    expect(stored?.caption).toBe(caption);
    expect(photo.photo?.at(-1)).toMatchObject({ width: 1, height: 1, file_size: PNG.length });
    const csv = Buffer.from("a,b\n1,2\n");
    const doc = await bot.api.sendDocument(alice.id, new InputFile(csv, "есеп 1.csv"));
    expect(doc.document).toMatchObject({ file_name: "есеп 1.csv", mime_type: "text/csv" });
    expect(emu.lastBotMessage(alice.id)?.file?.bytes.toString()).toBe("a,b\n1,2\n");
    const reused = await bot.api.sendPhoto(bob.id, photo.photo?.at(-1)?.file_id ?? "");
    expect(reused.photo?.at(-1)?.file_id).toBe(photo.photo?.at(-1)?.file_id);
    const notImage = bot.api.sendPhoto(alice.id, new InputFile(csv, "chart.png"));
    expect((await apiError(notImage)).description).toBe("Bad Request: IMAGE_PROCESS_FAILED");
    const long = bot.api.sendPhoto(alice.id, new InputFile(PNG), { caption: "c".repeat(1025) });
    expect((await apiError(long)).description).toBe("Bad Request: message caption is too long");
  });

  it("reads form-encoded, query-string and JSON-string parameters", async () => {
    const markup = JSON.stringify({ inline_keyboard: [[{ text: "A", callback_data: "a" }]] });
    const form = new URLSearchParams({
      chat_id: String(alice.id),
      text: "form",
      reply_markup: markup,
    });
    const answer = await post("SENDMESSAGE", form.toString(), "application/x-www-form-urlencoded");
    expect(answer).toMatchObject({ ok: true, result: { text: "form" } });
    expect(emu.callsTo("sendMessage")[0]?.params.reply_markup).toEqual(JSON.parse(markup));
    const query = await fetch(`${emu.apiRoot}/bot1:X/sendMessage?chat_id=${bob.id}&text=q`);
    expect(await query.json()).toMatchObject({ ok: true, result: { chat: { id: bob.id } } });
    expect(emu.calls.at(-1)?.token).toBe("1:X");
    expect(await post("noSuchMethod", "{}", "application/json")).toEqual({
      ok: false,
      error_code: 404,
      description: "Not Found",
    });
    const standard = new FormData();
    standard.set("chat_id", String(alice.id));
    standard.set("document", new Blob([PNG]), "plain form.png");
    const upload = await fetch(`${emu.apiRoot}/bot${emu.token}/sendDocument`, {
      method: "POST",
      body: standard,
    });
    expect(await upload.json()).toMatchObject({
      ok: true,
      result: { document: { file_name: "plain form.png" } },
    });
    expect(emu.lastBotMessage(alice.id)?.file?.bytes.equals(PNG)).toBe(true);
  });

  it("deletes messages once and records commands per scope and language", async () => {
    const sent = await bot.api.sendMessage(alice.id, "bye");
    await bot.api.deleteMessage(alice.id, sent.message_id);
    expect(emu.botMessages(alice.id)[0]?.deleted).toBe(true);
    expect(emu.lastBotMessage(alice.id)).toBeUndefined();
    const again = await apiError(bot.api.deleteMessage(alice.id, sent.message_id));
    expect(again.description).toBe("Bad Request: message to delete not found");
    const commands = [{ command: "start", description: "Бастау" }];
    const scope = { type: "all_private_chats" } as const;
    await bot.api.setMyCommands(commands, { scope, language_code: "kk" });
    expect(emu.myCommands(scope, "kk")?.commands).toEqual(commands);
    expect(await bot.api.getMyCommands({ scope, language_code: "kk" })).toEqual(commands);
    expect(await bot.api.getMyCommands()).toEqual([]);
    await bot.api.deleteMyCommands({ scope, language_code: "kk" });
    expect(emu.myCommands(scope, "kk")).toBeUndefined();
  });
});

describe("simulated users", () => {
  it("presses buttons with realistic callback queries", async () => {
    bot.command("start", (ctx) =>
      ctx.reply("Тілді таңдаңыз", {
        reply_markup: new InlineKeyboard().text("Қазақша", "lang:kk"),
      }),
    );
    bot.callbackQuery("lang:kk", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "Таңдалды" });
      await ctx.editMessageText("Қазақша ✓");
    });
    void bot.start();
    emu.sendCommand(alice, "/start");
    const question = await emu.nextBotMessage(alice.id);
    const press = emu.pressButtonByText(alice, alice.id, "Қазақша");
    const query = press.callback_query;
    expect(query?.from.id).toBe(alice.id);
    expect(query?.message?.from).toMatchObject({ id: emu.me.id, is_bot: true });
    expect(query?.message?.from).not.toBe(query?.from);
    expect(query?.message).toMatchObject({ reply_markup: question.raw.reply_markup });
    await emu.waitFor((c) => c.method === "editMessageText");
    expect(emu.callbackAnswer(query?.id ?? "")?.text).toBe("Таңдалды");
    expect(question.text).toBe("Қазақша ✓");
    expect(() => emu.pressButton(alice, question, "lang:kk")).toThrow(/shows no button/);
  });

  it("builds the other update kinds", () => {
    const sticker = emu.sendSticker(alice).message;
    expect(sticker?.sticker).toMatchObject({ type: "regular", emoji: "👍" });
    expect(emu.sendPhoto(alice, { caption: "c" }).message?.photo).toHaveLength(3);
    expect(emu.sendVoice(alice).message?.voice?.mime_type).toBe("audio/ogg");
    expect(emu.sendContact(alice).message?.contact?.user_id).toBe(alice.id);
    expect(emu.sendLocation(alice, 43.2, 76.9).message?.location).toEqual({
      latitude: 43.2,
      longitude: 76.9,
    });
    expect(emu.sendPoll(alice, "Q", ["a", "b"]).message?.poll?.options).toHaveLength(2);
    const text = emu.sendText(alice, "typo");
    const edited = emu.editUserMessage(alice, text.message?.message_id ?? 0, "fixed");
    expect(edited.edited_message).toMatchObject({
      text: "fixed",
      message_id: text.message?.message_id,
    });
    const forwarded = emu.forwardText(alice, "fwd", bob).message;
    expect(forwarded?.forward_origin).toMatchObject({ type: "user", sender_user: { id: bob.id } });
    expect(forwarded).toHaveProperty("forward_from.id", bob.id);
    const group = { id: -100123, title: "Мектеп", type: "supergroup" } as const;
    expect(emu.sendGroupText(alice, group, "/stats@saualnama_test_bot").message?.chat).toEqual(
      group,
    );
    const post = emu.channelPost({ id: -1005, title: "News" }, "hello").channel_post;
    expect(post?.sender_chat?.id).toBe(-1005);
    const ids = emu.userMessages(alice.id).map((m) => m.message_id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(emu.pendingUpdates()).toBe(11);
  });

  it("reports the last calls of the chat when waiting times out", async () => {
    await bot.api.sendChatAction(alice.id, "typing");
    const waiting = emu.nextBotMessage(alice.id, { timeoutMs: 50 });
    await expect(waiting).rejects.toThrow(/a bot message in chat 1001[\s\S]*sendChatAction/);
  });

  it("answers reply-keyboard buttons with their text", async () => {
    const keyboard = { keyboard: [[{ text: "Русский" }, "Қазақша"]], resize_keyboard: true };
    await bot.api.sendMessage(alice.id, "Тіл / Язык", { reply_markup: keyboard });
    const update = emu.pressButtonByText(alice, alice.id, "Қазақша");
    expect(update.message?.text).toBe("Қазақша");
    await bot.api.sendMessage(alice.id, "ok", { reply_markup: { remove_keyboard: true } });
    expect(emu.findButton(alice.id, "Русский")).toBeUndefined();
  });

  it("returns bot messages in order through nextBotMessage", async () => {
    await bot.api.sendMessage(alice.id, "one");
    await bot.api.sendMessage(bob.id, "other chat");
    await bot.api.sendMessage(alice.id, "two");
    expect((await emu.nextBotMessage(alice.id)).text).toBe("one");
    expect((await emu.nextBotMessage(alice.id)).text).toBe("two");
    expect((await emu.nextBotMessage(bob.id)).message_id).toBe(1);
  });
});
