/**
 * What one simulated teacher will answer, drawn at random before the run, and the path the
 * engine takes through those answers: the expectation the crash run is checked against.
 */
import { firstPrompt, nextPrompt } from "../../src/survey/engine.js";
import type { Prompt, PromptList } from "../../src/survey/prompts.js";
import { plausibleText, type Random } from "../fuzz/random.js";

/** How the teacher gives one answer, and the value the bot must store for it. */
export type PlannedAnswer =
  | { how: "press"; code: string; value: string }
  | { how: "ticks"; codes: string[]; value: string }
  | { how: "type"; text: string; value: string }
  | { how: "skip"; value: null };

/** A teacher's language and answers along the path the engine takes through them. */
export interface AnswerPlan {
  language: "kk" | "ru";
  /** Prompt ids in the order the bot must ask them. */
  path: string[];
  answers: Map<string, PlannedAnswer>;
  /** Answers drawn for the prompts off that path, should the bot ever ask one. */
  offPath: Map<string, PlannedAnswer>;
}

function drawAnswer(prompt: Prompt, random: Random): PlannedAnswer {
  switch (prompt.kind) {
    case "single": {
      // "Other" and "no" at q21 are drawn more often than uniform, so their branches get traffic.
      const preferred = prompt.other && random.chance(0.2) ? prompt.other : undefined;
      const code = preferred ?? random.pick(prompt.options);
      return { how: "press", code, value: code };
    }
    case "row": {
      const code = random.pick(prompt.columns);
      return { how: "press", code, value: code };
    }
    case "has-other-row": {
      const code = random.chance(0.3) ? "yes" : "no";
      return { how: "press", code, value: code };
    }
    case "multi": {
      const codes = random.subset(prompt.options);
      return { how: "ticks", codes, value: codes.join(",") };
    }
    case "number": {
      const years = String(random.int(prompt.min, Math.min(prompt.max, 45)));
      return { how: "type", text: years, value: years };
    }
    case "text":
    case "other-row-text": {
      const skippable = prompt.kind === "text" && prompt.skippable;
      if (skippable && random.chance(0.3)) return { how: "skip", value: null };
      const text = plausibleText(random).slice(0, prompt.maxLength);
      return { how: "type", text, value: text };
    }
  }
}

/** Draws a plan: an answer for every prompt, then the path those answers take. */
export function drawPlan(list: PromptList, random: Random): AnswerPlan {
  const language = random.chance(0.5) ? "kk" : "ru";
  const drawn = new Map<string, PlannedAnswer>();
  for (const prompt of list.prompts) {
    drawn.set(prompt.id, drawAnswer(prompt, random));
  }

  const path: string[] = [];
  const answers = new Map<string, PlannedAnswer>();
  for (let prompt: Prompt | null = firstPrompt(list); prompt; ) {
    const answer = drawn.get(prompt.id);
    if (!answer) throw new Error(`no answer drawn for ${prompt.id}`);
    path.push(prompt.id);
    answers.set(prompt.id, answer);
    prompt = nextPrompt(list, prompt, answer.value);
  }
  const offPath = new Map([...drawn].filter(([id]) => !answers.has(id)));
  return { language, path, answers, offPath };
}
