/**
 * A simulated teacher for end-to-end tests: presses the buttons Telegram shows, types where a
 * prompt asks for text, and reads the bot's replies through the emulator.
 */
import type { BotApiEmulator, ChatMessage, SimUser } from "./bot-api-emulator.js";

/** How a teacher answers one prompt. */
export type Answer = { press: string } | { text: string } | { ticks: string[] } | { skip: true };

/** The answers of a typical teacher: no "Other", yes at q21; every prompt of a full run. */
export function typicalAnswer(promptId: string): Answer {
  const fixed: Record<string, Answer> = {
    q1: { press: "female" },
    q2: { press: "maths" },
    q3: { press: "talgar" },
    q4: { text: "12" },
    q5: { press: "expert" },
    q6: { press: "masters" },
    q7: { ticks: ["a", "c"] },
    q14: { press: "4" },
    q17: { text: "Көбірек практикалық сабақ" },
    q18: { skip: true },
    q19_10_has: { press: "no" },
    q20_12_has: { press: "no" },
    q21: { press: "yes" },
  };
  if (fixed[promptId]) return fixed[promptId];
  if (/^q(8|9|10|11|12|15)$/.test(promptId)) return { press: "3" };
  if (/^q(13|16)$/.test(promptId)) return { press: "2" };
  if (promptId.startsWith("q19_")) return { press: "2" };
  if (promptId.startsWith("q20_")) return { press: "3" };
  if (promptId.startsWith("q22_")) return { press: "4" };
  throw new Error(`no typical answer for ${promptId}`);
}

/** The prompt id a message's buttons belong to ("a:q8:3" and "b:q8" both name q8). */
export function promptIdOf(message: ChatMessage | undefined): string | undefined {
  const rows =
    message?.reply_markup && "inline_keyboard" in message.reply_markup
      ? message.reply_markup.inline_keyboard
      : [];
  for (const row of rows) {
    for (const button of row) {
      const data = "callback_data" in button ? button.callback_data : undefined;
      const match = data ? /^[atdsb]:(q[\w]+)/.exec(data) : null;
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}

/** One simulated teacher in a private chat. */
export class SimTeacher {
  constructor(
    readonly emu: BotApiEmulator,
    readonly user: SimUser,
  ) {}

  get chatId(): number {
    return this.user.id;
  }

  /** The next message the bot sends this teacher (each is returned once, in order). */
  next(timeoutMs = 5000): Promise<ChatMessage> {
    return this.emu.nextBotMessage(this.chatId, { timeoutMs });
  }

  /** The bot's newest message in this chat. */
  latest(): ChatMessage {
    const message = this.emu.lastBotMessage(this.chatId);
    if (!message) throw new Error(`no bot message in chat ${this.chatId}`);
    return message;
  }

  async command(command: string, payload?: string): Promise<ChatMessage> {
    this.emu.sendCommand(this.user, command, payload);
    return this.next();
  }

  async say(text: string): Promise<ChatMessage> {
    this.emu.sendText(this.user, text);
    return this.next();
  }

  /** Presses a button by its data and waits until the bot has answered the press. */
  async press(data: string, message: ChatMessage = this.latest()): Promise<string | undefined> {
    const update = this.emu.pressButton(this.user, message, data, { unchecked: true });
    const queryId = update.callback_query?.id;
    const call = await this.emu.waitFor(
      (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === queryId,
      { since: 0, description: `the answer to button ${data}` },
    );
    return typeof call.params.text === "string" ? call.params.text : undefined;
  }

  /** Presses a button and returns the message the bot sends next. */
  async pressAndNext(data: string, message?: ChatMessage): Promise<ChatMessage> {
    await this.press(data, message);
    return this.next();
  }

  /** Chooses a language and agrees, ending at the first question. */
  async begin(language: "kk" | "ru", payload?: string): Promise<ChatMessage> {
    await this.command("/start", payload);
    await this.pressAndNext(`l:${language}`);
    return this.pressAndNext("k:y");
  }

  /** Answers the current prompt and returns the bot's next message. */
  async answer(promptId: string, answer: Answer): Promise<ChatMessage> {
    if ("press" in answer) return this.pressAndNext(`a:${promptId}:${answer.press}`);
    if ("skip" in answer) return this.pressAndNext(`s:${promptId}`);
    if ("text" in answer) return this.say(answer.text);
    for (const code of answer.ticks) await this.press(`t:${promptId}:${code}`);
    return this.pressAndNext(`d:${promptId}`);
  }

  /** Answers prompt after prompt until the bot stops asking; returns the prompt ids seen. */
  async answerAll(
    choose: (promptId: string) => Answer = typicalAnswer,
    first?: ChatMessage,
  ): Promise<string[]> {
    const seen: string[] = [];
    let message = first ?? this.latest();
    for (let promptId = promptIdOf(message); promptId; promptId = promptIdOf(message)) {
      seen.push(promptId);
      message = await this.answer(promptId, choose(promptId));
    }
    return seen;
  }
}
