/**
 * How simulated teachers answer, with a realistic spread: scales lean to the positive end,
 * most pick a listed option and a few write their own ("Other"), open questions are answered
 * by some and skipped by others. Shared by the live survey run and the generated responses.
 */
import type { Prompt } from "../../src/survey/prompts.js";
import { type Random, weighted } from "./figures.js";

/** One teacher's answer to one prompt, before it becomes a button press or a typed message. */
export type Choice =
  | { type: "press"; code: string }
  | { type: "ticks"; codes: string[] }
  | { type: "typed"; text: string }
  | { type: "skip" };

/** Tendencies of a simulated population. */
export interface Tendencies {
  /** Share answering "yes" at q21 (the others end the survey there). */
  mentoring: number;
  /** Share writing their own item at an "Other" option or matrix row. */
  other: number;
}

const SUGGESTIONS = [
  "Көбірек практикалық сабақ керек",
  "Курстың ұзақтығын арттыру қажет",
  "Больше практических занятий с разбором уроков",
  "Материалы выдавать заранее, до начала курса",
  "Тәлімгерлермен кездесулер жиірек болса",
  "Хотелось бы онлайн-формат для отдалённых школ",
];
const OWN_ITEMS = [
  "Инклюзивті білім беру",
  "Цифровые инструменты",
  "Ата-аналармен жұмыс",
  "Нагрузка по документации",
];

/** Weights for an ordered scale of `n` points: most answers in the upper middle. */
function scaleWeights(n: number): number[] {
  const shapes: Record<number, number[]> = {
    3: [2, 5, 3],
    4: [1, 2, 5, 3],
    5: [1, 1, 3, 5, 4],
  };
  return shapes[n] ?? Array.from({ length: n }, () => 1);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** The answer a teacher gives at `prompt`. */
export function chooseAnswer(prompt: Prompt, random: Random, tendencies: Tendencies): Choice {
  switch (prompt.kind) {
    case "single": {
      if (prompt.id === "q21")
        return { type: "press", code: random() < tendencies.mentoring ? "yes" : "no" };
      if (prompt.other && random() < tendencies.other) return { type: "press", code: prompt.other };
      const listed = prompt.options.filter((code) => code !== prompt.other);
      // Most teachers in the programme are women; other unordered lists are spread evenly.
      const even = prompt.id === "q1" ? [3, 1] : listed.map(() => 1);
      const weights = prompt.scale ? scaleWeights(listed.length) : even;
      return { type: "press", code: weighted(random, listed, weights) };
    }
    case "row":
      return {
        type: "press",
        code: weighted(random, prompt.columns, scaleWeights(prompt.columns.length)),
      };
    case "has-other-row":
      return { type: "press", code: random() < tendencies.other ? "yes" : "no" };
    case "multi": {
      const count = 1 + Math.floor(random() * 3);
      const codes = [...prompt.options].sort(() => random() - 0.5).slice(0, count);
      return { type: "ticks", codes };
    }
    case "number":
      return { type: "typed", text: String(Math.floor(random() * 35) + 1) };
    case "text":
      if (prompt.of === "other") return { type: "typed", text: pick(random, OWN_ITEMS) };
      if (prompt.id === "q17" && random() < 0.6)
        return { type: "typed", text: pick(random, SUGGESTIONS) };
      if (random() < 0.25) return { type: "typed", text: pick(random, SUGGESTIONS) };
      return prompt.skippable ? { type: "skip" } : { type: "typed", text: pick(random, OWN_ITEMS) };
    case "other-row-text":
      return { type: "typed", text: pick(random, OWN_ITEMS) };
  }
}
