/**
 * Prompts as Telegram messages: where the teacher is, which buttons, how an answer reads in
 * the transcript, and Telegram's length limits for every text the survey can produce.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { View } from "../../../src/app/views.js";
import { answerLabel } from "../../../src/channels/prompt-text.js";
import { promptKeyboard, promptText } from "../../../src/channels/telegram/render-prompt.js";
import { loadTranslations } from "../../../src/i18n.js";
import { promptById } from "../../../src/survey/engine.js";
import type { Prompt } from "../../../src/survey/prompts.js";
import { loadTeacherSurvey } from "../../../src/survey-setup.js";

const prompts = loadTeacherSurvey();
const translations = await loadTranslations();
const kk = translations.t("kk");
const ru = translations.t("ru");
const TOTAL = prompts.survey.questions.length;

function at(id: string): Prompt {
  const prompt = promptById(prompts, id);
  if (!prompt) throw new Error(`no prompt ${id}`);
  return prompt;
}

const view = (
  id: string,
  current?: string | null,
  selected: string[] = [],
  rowLabel?: string,
): Extract<View, { kind: "prompt" }> => ({
  kind: "prompt",
  prompt: at(id),
  current,
  selected,
  rowLabel,
});

const dataOf = (id: string, current?: string | null, selected: string[] = []) =>
  promptKeyboard(view(id, current, selected), kk, id === "q1").map((row) =>
    row.map((button) => ("callback_data" in button ? button.callback_data : "")),
  );

describe("promptText", () => {
  it("says which question of 22 it is, and which row of a matrix", () => {
    expect(promptText(view("q8"), ru, TOTAL)).toContain("Вопрос 8 из 22");
    const row = promptText(view("q19_3"), kk, TOTAL);
    expect(row).toContain("Сұрақ 19 / 22");
    expect(row).toContain("3-жол / 10");
    expect(row).toContain(kk("survey:q19.rows.3"));
    expect(promptText(view("q20_12"), ru, TOTAL)).toContain("Строка 12 из 12");
  });

  it("names an 'Other' row by the teacher's own words", () => {
    const text = promptText(view("q20_12", undefined, [], "Инклюзия"), kk, TOTAL);
    expect(text).toContain(`${kk("survey:q20.otherRow.label")}: Инклюзия`);
  });

  it("shows a typed answer again after Back, but not a button answer", () => {
    expect(promptText(view("q4", "12"), kk, TOTAL)).toContain(
      kk("bot:prompt.current", { answer: "12 жыл" }),
    );
    expect(promptText(view("q8", "3"), kk, TOTAL)).not.toContain(
      kk("bot:prompt.current", { answer: kk("survey:q8.options.3") }),
    );
  });

  it("adds the paper's note to q21, whose 'no' ends the survey", () => {
    expect(promptText(view("q21"), kk, TOTAL)).toContain(kk("survey:q21.noNote"));
  });
});

describe("promptKeyboard", () => {
  it("has no Back on the first prompt and a Back on every other", () => {
    expect(dataOf("q1").flat()).toEqual(["a:q1:female", "a:q1:male"]);
    for (const prompt of prompts.prompts.slice(1)) {
      expect(dataOf(prompt.id).at(-1)).toEqual([`b:${prompt.id}`]);
    }
  });

  it("marks the stored answer of a prompt shown again", () => {
    const buttons = promptKeyboard(view("q3", "ile"), kk, false).flat();
    const marked = buttons.filter((button) => button.text.startsWith("✓ "));
    expect(marked.map((button) => button.text)).toEqual([`✓ ${kk("survey:q3.options.ile")}`]);
  });

  it("shows ticks at q7 and a Done button", () => {
    const buttons = promptKeyboard(view("q7", undefined, ["c", "a"]), kk, false).flat();
    expect(buttons.filter((button) => button.text.startsWith("☑")).map((b) => b.text)).toEqual([
      "☑ a",
      "☑ c",
    ]);
    expect(dataOf("q7").flat()).toContain("d:q7");
  });

  it("offers Skip for q17 and q18 only, and no buttons but Back where text is typed", () => {
    expect(dataOf("q17")).toEqual([["s:q17"], ["b:q17"]]);
    expect(dataOf("q18")).toEqual([["s:q18"], ["b:q18"]]);
    for (const id of ["q4", "q5_other", "q19_10_text"]) expect(dataOf(id)).toEqual([[`b:${id}`]]);
  });
});

describe("answerLabel", () => {
  it("reads each kind of answer as the teacher chose it", () => {
    expect(answerLabel(at("q3"), "talgar", ru)).toBe(ru("survey:q3.options.talgar"));
    expect(answerLabel(at("q4"), "12", kk)).toBe("12 жыл");
    expect(answerLabel(at("q7"), "a,c", kk)).toBe("a, c");
    expect(answerLabel(at("q18"), null, kk)).toBe(kk("bot:prompt.skipped"));
    expect(answerLabel(at("q19_10_has"), "yes", ru)).toBe(ru("bot:buttons.yes"));
    expect(answerLabel(at("q22_1"), "5", kk)).toBe(kk("survey:q22.columns.5"));
  });

  it("puts the Russian word for years in the form its number takes", () => {
    const years = (value: string) => answerLabel(at("q4"), value, ru);
    expect(["1", "21", "31"].map(years)).toEqual(["1 год", "21 год", "31 год"]);
    expect(["2", "3", "24"].map(years)).toEqual(["2 года", "3 года", "24 года"]);
    expect(["0", "5", "11", "12", "14", "25"].map(years)).toEqual([
      "0 лет",
      "5 лет",
      "11 лет",
      "12 лет",
      "14 лет",
      "25 лет",
    ]);
  });
});

describe("Telegram's length limits", () => {
  it.each(["kk", "ru"] as const)(
    "keeps every prompt, even with the longest answers, within 4096 characters in %s",
    (lang) => {
      const t = translations.t(lang);
      for (const prompt of prompts.prompts) {
        const longest = "ә".repeat("maxLength" in prompt ? prompt.maxLength : 200);
        const text = promptText(view(prompt.id, longest, [], "ә".repeat(200)), t, TOTAL);
        const record = `${text}\n\n${t("bot:prompt.answered", { answer: longest })}`;
        expect(text.length, prompt.id).toBeLessThanOrEqual(4096);
        expect(record.length, prompt.id).toBeLessThanOrEqual(4096);
      }
    },
  );

  it.each(["kk", "ru"] as const)(
    "keeps every notice a button press can get within 200 characters in %s",
    (lang) => {
      const t = translations.t(lang);
      const file = new URL(`../../../locales/${lang}/bot.json`, import.meta.url);
      const notices = Object.keys(JSON.parse(readFileSync(file, "utf8")).notice);
      expect(notices.length).toBeGreaterThan(10);
      for (const key of notices) {
        const text = t(`bot:notice.${key}`, { limit: 1000 });
        expect(text.length, key).toBeLessThanOrEqual(200);
      }
    },
  );
});
