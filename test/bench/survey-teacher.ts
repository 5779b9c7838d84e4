/**
 * One simulated teacher taking the real survey through the Telegram stand-in: /start, a
 * language, the consent, then every prompt the bot shows, by button where it offers buttons
 * and by typing where it asks for text. Each step is produced only after the bot handled the
 * previous one, because the next press depends on the message the bot sent.
 */
import type { Message, Update } from "grammy/types";
import { promptById } from "../../src/survey/engine.js";
import type { PromptList } from "../../src/survey/prompts.js";
import { chooseAnswer, type Tendencies } from "./answer-choices.js";
import type { Random } from "./figures.js";
import type { TelegramStandIn } from "./telegram-stand-in.js";

/** An update to hand to the bot, and which prompt of the teacher's run it answers. */
export interface TeacherStep {
  update: Update;
  /** 0 for the first prompt the teacher answers, 1 for the next...; -1 before the questions. */
  ordinal: number;
  /** True on the first update of a prompt: the teacher is looking at it, nothing sent yet. */
  opensPrompt: boolean;
}

/** Every teacher in the live run goes through to the end, so each sees the full survey. */
export const LIVE_TENDENCIES: Tendencies = { mentoring: 1, other: 0.15 };

/** A guard against a bot that stops moving the teacher on: no run is this long. */
const MAX_STEPS = 200;

/** The prompt id a bot message's buttons belong to ("a:q8:3", "b:q8" and "s:q17" name it). */
export function promptOf(message: Message | undefined): string | undefined {
  for (const row of message?.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) {
      const data = "callback_data" in button ? button.callback_data : undefined;
      const match = data ? /^[atdsb]:(q\w+)/.exec(data) : null;
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}

/** The steps of one teacher, from /start to the message that ends the survey. */
export function* teacherSteps(
  telegram: TelegramStandIn,
  chatId: number,
  prompts: PromptList,
  random: Random,
  language: "kk" | "ru",
): Generator<TeacherStep, number, void> {
  const live = (): Message => {
    const message = telegram.liveMessage(chatId);
    if (!message) throw new Error(`chat ${chatId}: the bot shows no buttons to press`);
    return message;
  };
  const press = (data: string) => telegram.pressed(chatId, live(), data);

  yield { update: telegram.typed(chatId, "/start"), ordinal: -1, opensPrompt: false };
  yield { update: press(`l:${language}`), ordinal: -1, opensPrompt: false };
  yield { update: press("k:y"), ordinal: -1, opensPrompt: false };

  let ordinal = 0;
  let steps = 3;
  for (let id = promptOf(telegram.liveMessage(chatId)); id; ) {
    const prompt = promptById(prompts, id);
    if (!prompt) throw new Error(`chat ${chatId}: the bot asked ${id}, not in the survey`);
    const choice = chooseAnswer(prompt, random, LIVE_TENDENCIES);
    const updates: (() => Update)[] = [];
    switch (choice.type) {
      case "press":
        updates.push(() => press(`a:${id}:${choice.code}`));
        break;
      case "skip":
        updates.push(() => press(`s:${id}`));
        break;
      case "typed":
        updates.push(() => telegram.typed(chatId, choice.text));
        break;
      case "ticks":
        for (const code of choice.codes) updates.push(() => press(`t:${id}:${code}`));
        updates.push(() => press(`d:${id}`));
        break;
    }
    for (const [index, next] of updates.entries()) {
      steps += 1;
      if (steps > MAX_STEPS) throw new Error(`chat ${chatId}: no end after ${MAX_STEPS} steps`);
      yield { update: next(), ordinal, opensPrompt: index === 0 };
    }

    ordinal += 1;
    const shown = promptOf(telegram.liveMessage(chatId));
    if (shown === id) throw new Error(`chat ${chatId}: the bot did not accept the answer to ${id}`);
    id = shown;
  }
  return ordinal;
}
