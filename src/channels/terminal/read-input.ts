/**
 * A typed line of the terminal preview as a use-case call: a number picks an option (or ticks
 * one at a several-may-apply prompt), a few words go back or skip, ":lang ru" switches the
 * language, and anything else at a text or number prompt is the typed answer.
 */
import type { Address, Language } from "../../app/ports.js";
import { languages } from "../../app/ports.js";
import type { SurveySessions } from "../../app/survey-sessions.js";
import type { Step, View } from "../../app/views.js";
import type { Translate } from "../../i18n.js";
import type { Input } from "../../survey/input.js";
import { YES } from "../../survey/prompts.js";
import { choiceCodes } from "./choices.js";

/** A line refused before any use case ran: the translation key of the reason, and its values. */
export interface Refusal {
  key: string;
  params?: Record<string, unknown>;
}

/** What a line asks for, decided from the line and the view alone. */
export type Command =
  | { type: "language"; language: Language }
  | { type: "consent"; agree: boolean }
  | { type: "back"; promptId: string }
  | { type: "answer"; inputs: Input[] }
  | { type: "refused"; refusal: Refusal };

/** What the preview shows for a line: the use case's step, or why the line was refused. */
export type Reply = { step: Step } | { refusal: Refusal };

const DONE = "0";
const LANGUAGE_COMMAND = /^:lang(?:\s+(\S+))?$/i;

/** Reads a line typed at `view`; `t` gives the localized words for Back and Skip. */
export function parseLine(line: string, view: View, t: Translate): Command {
  const text = line.trim();
  const word = text.toLowerCase();
  const switchTo = LANGUAGE_COMMAND.exec(text);
  if (switchTo) {
    const known = asLanguage(switchTo[1]?.toLowerCase());
    return known
      ? { type: "language", language: known }
      : refuse({ key: "terminal:notice.language" });
  }

  const codes = choiceCodes(view);
  if (view.kind === "language" || view.kind === "consent") {
    const chosen = choice(text, codes);
    if (typeof chosen !== "string") return refuse(chosen);
    const language = asLanguage(chosen);
    return language ? { type: "language", language } : { type: "consent", agree: chosen === YES };
  }
  // The end views take no input: the preview stops there.
  if (view.kind !== "prompt") return { type: "answer", inputs: [] };

  const { prompt } = view;
  if (["b", "back", t("terminal:words.back")].includes(word)) {
    return { type: "back", promptId: prompt.id };
  }
  if (["s", "skip", t("terminal:words.skip")].includes(word)) {
    // Only a text prompt can be skippable; the engine says whether this one is.
    return prompt.kind === "text"
      ? { type: "answer", inputs: [{ type: "skip" }] }
      : refuse({ key: "bot:notice.cannot_skip" });
  }
  if (prompt.kind === "multi") return ticks(text, codes);
  if (codes.length === 0) return { type: "answer", inputs: [{ type: "text", text: line }] };
  const chosen = choice(text, codes);
  if (typeof chosen !== "string") return refuse(chosen);
  return { type: "answer", inputs: [{ type: "choose", code: chosen }] };
}

/** Reads `line` and runs it against the session at `address`. */
export function readInput(
  line: string,
  deps: { sessions: SurveySessions; address: Address; t: Translate },
): Reply {
  const { sessions, address } = deps;
  const session = () => {
    const found = sessions.find(address);
    if (!found) throw new Error("the preview session is gone");
    return found;
  };
  const command = parseLine(line, sessions.viewOf(session()), deps.t);
  switch (command.type) {
    case "refused":
      return { refusal: command.refusal };
    case "language":
      return { step: sessions.chooseLanguage(session(), command.language) };
    case "consent":
      return { step: sessions.consent(session(), command.agree) };
    case "back":
      return { step: sessions.back(session(), command.promptId) };
    case "answer": {
      // Several ticks on one line are several taps; a tap that moves on or is refused ends them.
      let step: Step = {};
      for (const input of command.inputs) {
        step = sessions.answer(session(), undefined, input);
        if (step.view || step.notice) break;
      }
      return { step };
    }
  }
}

function asLanguage(code: string | undefined): Language | undefined {
  return languages.find((language) => language === code);
}

function refuse(refusal: Refusal): Command {
  return { type: "refused", refusal };
}

/** The code of option `text` (1..n), or why there is none. */
function choice(text: string, codes: readonly string[]): string | Refusal {
  const count = codes.length;
  if (!/^\d+$/.test(text)) return { key: "terminal:notice.pick_number", params: { count } };
  return codes[Number(text) - 1] ?? { key: "terminal:notice.no_such_option", params: { count } };
}

/** Numbers that tick or untick options, "0" or nothing for Done. */
function ticks(text: string, codes: readonly string[]): Command {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  if (tokens.length === 0) return { type: "answer", inputs: [{ type: "done" }] };
  const inputs: Input[] = [];
  for (const token of tokens) {
    if (token === DONE) {
      inputs.push({ type: "done" });
      continue;
    }
    const code = choice(token, codes);
    if (typeof code !== "string") return refuse(code);
    inputs.push({ type: "toggle", code });
  }
  return { type: "answer", inputs };
}
