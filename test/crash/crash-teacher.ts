/**
 * A simulated teacher who keeps going while the bot crashes under them: they look at what the
 * chat shows, act on the newest prompt, and when nothing happens for a while they act again,
 * as a person tapping a button twice would. They keep a record of what they saw and did, so
 * the run can be checked against it.
 */

import type { Random } from "../fuzz/random.js";
import type { BotApiEmulator, ChatMessage, SimUser } from "../support/bot-api-emulator.js";
import type { AnswerPlan, PlannedAnswer } from "./answer-plan.js";

/** Something the teacher can act on: a message with buttons. */
type View =
  | { kind: "language" | "consent"; key: string; message: ChatMessage }
  | { kind: "prompt"; key: string; message: ChatMessage; promptId: string };

/** What the chat shows the teacher right now; `key` changes whenever the chat does. */
type Screen =
  | View
  | { kind: "nothing"; key: string }
  | { kind: "end"; key: string }
  /** The newest message has no buttons; `older` is the newest one that has. */
  | { kind: "between"; key: string; older: View | undefined };

/** How patient the teacher is. */
export interface Patience {
  /** How long to wait for the chat to change before acting again. */
  waitMs: number;
  /** Unanswered attempts in a row before sending /start; twice as many and they give up. */
  attemptsBeforeStart: number;
}

/** The texts that end the survey, in either language. */
export type EndTexts = readonly string[];

const dataOf = (message: ChatMessage): string[] =>
  message.reply_markup && "inline_keyboard" in message.reply_markup
    ? message.reply_markup.inline_keyboard
        .flat()
        .flatMap((button) => ("callback_data" in button ? [button.callback_data] : []))
    : [];

/** One teacher of the crash run. */
export class CrashTeacher {
  /** Prompt ids in the order they appeared as the newest prompt, repeats folded. */
  readonly seen: string[] = [];
  /** Prompts answered whose next prompt (or the end) then reached the teacher. */
  readonly acknowledged = new Set<string>();
  /** Attempts that got no visible reaction in time and were made again. */
  retries = 0;
  /** Times the teacher fell back to /start. */
  restarts = 0;
  finished = false;
  gaveUp = false;
  private submitted: string | undefined;

  constructor(
    private readonly emu: BotApiEmulator,
    readonly user: SimUser,
    readonly plan: AnswerPlan,
    private readonly random: Random,
    private readonly endTexts: EndTexts,
    private readonly patience: Patience,
  ) {}

  get chatId(): number {
    return this.user.id;
  }

  /** Takes the survey from /start to its end message. */
  async run(): Promise<void> {
    let unanswered = 0;
    for (;;) {
      const screen = this.observe();
      if (screen.kind === "end") {
        this.finished = true;
        return;
      }
      if (unanswered >= this.patience.attemptsBeforeStart * 2) {
        this.gaveUp = true;
        return;
      }
      const lostPatience = unanswered > 0 && unanswered % this.patience.attemptsBeforeStart === 0;
      if (screen.kind === "nothing" || lostPatience) {
        if (screen.kind !== "nothing") this.restarts += 1;
        this.emu.sendCommand(this.user, "/start");
      } else if (screen.kind !== "between") {
        this.act(screen);
      } else if (unanswered > 0) {
        // Nothing came after the last message for a while: act on the newest buttons again,
        // or ask the bot where they are when no message has any.
        if (screen.older) this.act(screen.older);
        else this.emu.sendCommand(this.user, "/start");
      }
      const changed = await this.waitForChange(screen.key);
      if (changed) unanswered = 0;
      else {
        unanswered += 1;
        this.retries += 1;
      }
    }
  }

  /** Reads the chat, and records what the teacher learns from it. */
  observe(): Screen {
    const screen = this.screen();
    const last = this.seen.at(-1);
    const shownPrompt = screen.kind === "prompt" ? screen.promptId : undefined;
    if (shownPrompt !== undefined && shownPrompt !== last) this.seen.push(shownPrompt);
    const moved =
      screen.kind === "end" || (shownPrompt !== undefined && shownPrompt !== this.submitted);
    if (this.submitted !== undefined && moved) {
      this.acknowledged.add(this.submitted);
      this.submitted = undefined;
    }
    return screen;
  }

  /**
   * The newest bot message decides: a prompt, the end, or something in between (a notice, an
   * answered prompt not yet followed by the next one). Older messages may still show buttons
   * when the bot died before clearing them; a person reads the newest one first.
   */
  private screen(): Screen {
    const messages = this.emu.botMessages(this.chatId).filter((m) => !m.deleted);
    const newest = messages.at(-1);
    if (!newest) return { kind: "nothing", key: "nothing" };
    if (newest.text !== undefined && this.endTexts.includes(newest.text)) {
      return { kind: "end", key: `end:${newest.message_id}` };
    }
    const key = `${newest.message_id}:${JSON.stringify(newest.reply_markup)}`;
    if (dataOf(newest).length === 0) {
      const older = messages.filter((m) => dataOf(m).length > 0).at(-1);
      return { kind: "between", key, older: older && this.viewOf(older) };
    }
    return this.viewOf(newest);
  }

  private viewOf(message: ChatMessage): View {
    const key = `${message.message_id}:${JSON.stringify(message.reply_markup)}`;
    const data = dataOf(message);
    if (data.some((d) => d.startsWith("l:"))) return { kind: "language", key, message };
    if (data.some((d) => d.startsWith("k:"))) return { kind: "consent", key, message };
    const promptId = data.map((d) => /^[atdsb]:(q\w+)/.exec(d)?.[1]).find(Boolean) ?? "";
    return { kind: "prompt", key, message, promptId };
  }

  private act(view: View): void {
    if (view.kind === "language") this.press(view.message, `l:${this.plan.language}`);
    else if (view.kind === "consent") this.press(view.message, "k:y");
    else if (view.kind === "prompt") this.answer(view.message, view.promptId);
  }

  private answer(message: ChatMessage, promptId: string): void {
    const planned: PlannedAnswer | undefined =
      this.plan.answers.get(promptId) ?? this.plan.offPath.get(promptId);
    if (!planned) throw new Error(`no answer planned for ${promptId}`);
    if (planned.how === "ticks") {
      // Tick until the message shows exactly the planned ticks, then confirm.
      const shown = tickedOn(message, promptId);
      const wrong = [...new Set([...shown, ...planned.codes])].find(
        (code) => shown.includes(code) !== planned.codes.includes(code),
      );
      if (wrong !== undefined) this.press(message, buttonData(message, `t:${promptId}:${wrong}`));
      else this.submit(promptId, () => this.press(message, `d:${promptId}`));
    } else if (planned.how === "type") {
      this.submit(promptId, () => this.emu.sendText(this.user, planned.text));
    } else {
      const data = planned.how === "skip" ? `s:${promptId}` : `a:${promptId}:${planned.code}`;
      this.submit(promptId, () => this.press(message, data));
    }
  }

  /** Gives an answer; now and then twice in a row, as a hurried person does. */
  private submit(promptId: string, give: () => void): void {
    this.submitted = promptId;
    give();
    if (this.random.chance(0.04)) give();
  }

  private press(message: ChatMessage, data: string): void {
    this.emu.pressButton(this.user, message, data, { unchecked: true });
  }

  /** Resolves true once the screen differs from `before`, false after the teacher's patience. */
  private async waitForChange(before: string): Promise<boolean> {
    const changed = () => this.observe().key !== before;
    if (changed()) return true;
    try {
      await this.emu.waitFor((call) => call.params.chat_id === this.chatId && changed(), {
        timeoutMs: this.patience.waitMs,
      });
      return true;
    } catch {
      return changed();
    }
  }
}

/** The codes a several-may-apply prompt shows as ticked. */
function tickedOn(message: ChatMessage, promptId: string): string[] {
  const markup = message.reply_markup;
  if (!markup || !("inline_keyboard" in markup)) return [];
  return markup.inline_keyboard.flat().flatMap((button) => {
    const data = "callback_data" in button ? button.callback_data : "";
    const code = data.startsWith(`t:${promptId}:`) ? data.split(":")[2] : undefined;
    return code !== undefined && button.text.startsWith("☑") ? [code] : [];
  });
}

/** The data of the button whose data starts with `prefix` (a tick button says tick or untick). */
function buttonData(message: ChatMessage, prefix: string): string {
  return dataOf(message).find((data) => data === prefix || data.startsWith(`${prefix}:`)) ?? prefix;
}
