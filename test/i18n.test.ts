/**
 * Translators keep recent results: a kept text must still follow its parameters and its
 * language, or a teacher would read another teacher's answer or the other language.
 */
import { expect, it } from "vitest";
import { loadTranslations } from "../src/i18n.js";

it("gives each set of parameters its own text, in each language", async () => {
  const translations = await loadTranslations();
  const kk = translations.t("kk");
  const ru = translations.t("ru");
  const first = kk("bot:prompt.answered", { answer: "Алматы" });
  const second = kk("bot:prompt.answered", { answer: "Талғар" });
  expect(first).toContain("Алматы");
  expect(second).toContain("Талғар");
  expect(kk("bot:prompt.answered", { answer: "Алматы" })).toBe(first);
  const header = { number: 3, total: 22, section: "A" };
  expect(kk("bot:prompt.header", header)).toBe("Сұрақ 3 / 22 · A");
  expect(ru("bot:prompt.header", header)).toBe("Вопрос 3 из 22 · A");
  expect(kk("bot:prompt.header", { ...header, number: 4 })).toBe("Сұрақ 4 / 22 · A");
  expect(ru("bot:buttons.back")).not.toBe(kk("bot:buttons.back"));
  expect(kk("bot:buttons.back")).toBe(kk("bot:buttons.back"));
});
