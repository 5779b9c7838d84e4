/**
 * Button data: every action survives a round trip, anything the bot did not make is refused,
 * and every button of the teacher survey fits Telegram's 64 bytes in both languages.
 */
import { describe, expect, it } from "vitest";
import type { View } from "../../../src/app/views.js";
import {
  type ButtonAction,
  decodeButton,
  encodeButton,
} from "../../../src/channels/telegram/callback-data.js";
import { renderView } from "../../../src/channels/telegram/render-view.js";
import { loadTranslations } from "../../../src/i18n.js";
import { loadTeacherSurvey } from "../../../src/survey-setup.js";

const prompts = loadTeacherSurvey();
const translations = await loadTranslations();
const facts = {
  totalQuestions: prompts.survey.questions.length,
  firstPromptId: prompts.prompts[0]?.id ?? "",
};
const bytes = (value: string) => Buffer.byteLength(value, "utf8");

describe("encodeButton and decodeButton", () => {
  const actions: ButtonAction[] = [
    { type: "language", language: "kk" },
    { type: "language", language: "ru" },
    { type: "consent", agree: true },
    { type: "consent", agree: false },
    { type: "choose", promptId: "q3", code: "talgar" },
    { type: "choose", promptId: "q19_10_has", code: "yes" },
    { type: "toggle", promptId: "q7", code: "i" },
    { type: "done", promptId: "q7" },
    { type: "skip", promptId: "q18" },
    { type: "back", promptId: "q20_12_text" },
  ];

  it.each(actions)("round-trips $type", (action) => {
    expect(decodeButton(encodeButton(action))).toEqual(action);
  });

  it.each([
    ["empty", ""],
    ["an unknown kind", "x"],
    ["a missing code", "a:q1"],
    ["an extra part", "a:q1:male:1"],
    ["an unknown language", "l:en"],
    ["a consent that is neither yes nor no", "k:maybe"],
    ["a prompt id that is not one", "a:Q1:male"],
    ["a code with capitals", "a:q1:MALE"],
    ["a code in Cyrillic", "a:q1:ер"],
    ["a code longer than any option", "a:q1:abcdefghijklm"],
    ["an empty code", "a:q1:"],
    ["a Back without a prompt", "b"],
    ["data over 64 characters", `a:q1:${"a".repeat(60)}`],
    ["binary noise", "\u0000\u00ff\ufffd:q1:\u0007"],
  ])("refuses %s", (_, data) => {
    expect(decodeButton(data)).toBeUndefined();
  });

  it("keeps the longest data the format allows under 64 bytes", () => {
    const longestPrompt = `q999_${"z".repeat(12)}_${"z".repeat(12)}`;
    const longest = encodeButton({ type: "choose", promptId: longestPrompt, code: "z".repeat(12) });
    expect(decodeButton(longest)).toBeDefined();
    expect(bytes(longest)).toBeLessThanOrEqual(64);
  });
});

describe("the teacher survey's buttons", () => {
  /** Every view a teacher can meet, each prompt with and without a stored answer. */
  function everyView(): View[] {
    const views: View[] = [{ kind: "language" }, { kind: "consent" }];
    for (const prompt of prompts.prompts) {
      const options =
        "options" in prompt ? prompt.options : "columns" in prompt ? prompt.columns : [];
      views.push(
        { kind: "prompt", prompt, current: undefined, selected: [] },
        { kind: "prompt", prompt, current: options.at(-1) ?? "x", selected: [...options] },
      );
    }
    return views;
  }

  it.each(["kk", "ru"] as const)("fit 64 bytes and decode to what they encode, in %s", (lang) => {
    const t = translations.t(lang);
    const data = everyView().flatMap((view) =>
      renderView(view, t, facts).keyboard.flatMap((row) =>
        row.flatMap((button) => ("callback_data" in button ? [button.callback_data] : [])),
      ),
    );

    expect(data.length).toBeGreaterThan(200);
    for (const value of data) {
      expect(bytes(value), value).toBeLessThanOrEqual(64);
      expect(encodeButton(decodeButton(value) ?? { type: "back", promptId: "q0" })).toBe(value);
    }
    const longestId = prompts.prompts.map((p) => p.id).sort((a, b) => b.length - a.length)[0];
    expect(data.some((value) => value.split(":")[1] === longestId)).toBe(true);
  });
});
