/**
 * The survey engine: pure functions from (prompt list, current prompt, input, a few stored
 * answers) to an outcome. It never loads every answer: the next prompt depends only on the
 * current prompt and its answer, so one tap costs the same at question 1 and question 22.
 */
import type { Input, Rejection } from "./input.js";
import { NO, type Prompt, type PromptList, YES } from "./prompts.js";

/** What accepting an input does to a response. */
export type Outcome =
  | {
      type: "answered";
      promptId: string;
      /** null when an optional prompt was skipped. */
      value: string | null;
      /** Variables that this answer makes irrelevant (a changed branch), to be removed. */
      clear: string[];
      /** The prompt to show next, or null when the survey is complete. */
      next: Prompt | null;
    }
  | { type: "ticked"; promptId: string; selected: string[] }
  | ({ type: "rejected"; promptId: string } & Rejection);

/** Reads one stored answer; used only by Back, which needs to know which branch was taken. */
export type AnswerLookup = (promptId: string) => string | null | undefined;

/** The first prompt of the survey. */
export function firstPrompt(list: PromptList): Prompt {
  const first = list.prompts[0];
  if (!first) throw new Error("a survey has at least one prompt");
  return first;
}

/** Looks a prompt up by id; undefined for ids that are not in this survey (forged or stale). */
export function promptById(list: PromptList, id: string): Prompt | undefined {
  const index = list.indexOf.get(id);
  return index === undefined ? undefined : list.prompts[index];
}

/**
 * Applies an input at a prompt. `selected` is the multi-choice draft (ticks not yet confirmed).
 */
export function applyInput(
  list: PromptList,
  prompt: Prompt,
  input: Input,
  selected: readonly string[] = [],
): Outcome {
  const result = acceptValue(prompt, input, selected);
  if ("reason" in result) return { type: "rejected", promptId: prompt.id, ...result };
  if ("selected" in result)
    return { type: "ticked", promptId: prompt.id, selected: result.selected };
  return {
    type: "answered",
    promptId: prompt.id,
    value: result.value,
    clear: irrelevantAfter(list, prompt, result.value),
    next: nextPrompt(list, prompt, result.value),
  };
}

type Accepted = { value: string | null } | { selected: string[] } | Rejection;

function acceptValue(prompt: Prompt, input: Input, selected: readonly string[]): Accepted {
  switch (prompt.kind) {
    case "single":
      return choose(prompt.options, input);
    case "row":
      return choose(prompt.columns, input);
    case "has-other-row":
      return choose([YES, NO], input);
    case "multi":
      return tick(prompt.options, prompt.minSelected, input, selected);
    case "number":
      return input.type === "text"
        ? parseWholeNumber(input.text, prompt.min, prompt.max)
        : { reason: "type_answer" };
    case "text":
      if (input.type === "skip")
        return prompt.skippable ? { value: null } : { reason: "cannot_skip" };
      return input.type === "text"
        ? cleanText(input.text, prompt.maxLength)
        : { reason: "type_answer" };
    case "other-row-text":
      return input.type === "text"
        ? cleanText(input.text, prompt.maxLength)
        : { reason: "type_answer" };
  }
}

function choose(codes: readonly string[], input: Input): Accepted {
  if (input.type === "text") return { reason: "use_buttons" };
  if (input.type !== "choose" || !codes.includes(input.code)) return { reason: "unknown_option" };
  return { value: input.code };
}

function tick(
  codes: readonly string[],
  min: number,
  input: Input,
  selected: readonly string[],
): Accepted {
  // Keep the draft in the definition's order, whatever order the ticks came in.
  const current = codes.filter((code) => selected.includes(code));
  switch (input.type) {
    case "toggle": {
      if (!codes.includes(input.code)) return { reason: "unknown_option" };
      // A repeated "tick" press (a retry after no answer) must not untick what it ticked.
      const on = input.on ?? !current.includes(input.code);
      return {
        selected: codes.filter((code) => (code === input.code ? on : current.includes(code))),
      };
    }
    case "done":
      return current.length >= min
        ? { value: current.join(",") }
        : { reason: "tick_at_least", limit: min };
    case "text":
      return { reason: "use_buttons" };
    default:
      return { reason: "unknown_option" };
  }
}

const WHOLE = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?\d*[.,]\d+$|^[-+]?\d+[.,]\d*$/;
const NEGATIVE = /^-\s*\d*([.,]\d+)?$/;

/** Reads a whole number of years, telling apart the ways a typed number can be wrong. */
export function parseWholeNumber(text: string, min: number, max: number): Accepted {
  const trimmed = text.trim();
  if (min >= 0 && NEGATIVE.test(trimmed) && /\d/.test(trimmed)) return { reason: "negative" };
  if (DECIMAL.test(trimmed)) return { reason: "not_whole" };
  if (!WHOLE.test(trimmed)) return { reason: "not_a_number" };
  const value = Number(trimmed);
  if (value < min) return { reason: min === 0 ? "negative" : "too_small", limit: min };
  if (value > max) return { reason: "too_large", limit: max };
  return { value: String(value) };
}

// Control characters other than line breaks and tabs carry no meaning in an answer and break
// the CSV and XLSX files researchers open.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Normalises free text: trimmed, control characters removed, bounded length. */
export function cleanText(text: string, maxLength: number): Accepted {
  const cleaned = text.replace(CONTROL, "").trim();
  if (cleaned.length === 0) return { reason: "text_empty" };
  if ([...cleaned].length > maxLength) return { reason: "text_too_long", limit: maxLength };
  return { value: cleaned };
}

/** The prompt after `prompt` once it is answered with `value`; null at the end. */
export function nextPrompt(list: PromptList, prompt: Prompt, value: string | null): Prompt | null {
  const index = indexOf(list, prompt);
  const branch = takenBranch(prompt, value);
  if (branch) {
    if (branch.goto === "end") return null;
    return list.prompts[list.questionStart.get(branch.goto) ?? -1] ?? null;
  }

  let next = index + 1;
  for (;;) {
    const candidate = list.prompts[next];
    if (!candidate) return null;
    const requires = candidate.requires;
    // A conditional prompt depends on the prompt just answered or continues its chain.
    if (!requires || requires.promptId !== prompt.id || requires.value === value) return candidate;
    next = skipChain(list, next, requires.promptId);
  }
}

/**
 * The prompt before `prompt` on the path this respondent took, or null at the first one.
 * Reads only the few answers that decide a condition or a branch.
 */
export function previousPrompt(
  list: PromptList,
  prompt: Prompt,
  lookup: AnswerLookup,
): Prompt | null {
  let index = indexOf(list, prompt) - 1;
  while (index >= 0) {
    const candidate = list.prompts[index];
    if (!candidate) return null;
    const skippedBy = branchSkipping(list, index, lookup);
    if (skippedBy !== undefined) {
      index = skippedBy;
      continue;
    }
    const requires = candidate.requires;
    if (requires && lookup(requires.promptId) !== requires.value) {
      index -= 1;
      continue;
    }
    return candidate;
  }
  return null;
}

/** Answers that `value` makes irrelevant: a condition no longer met, or prompts a branch skips. */
function irrelevantAfter(list: PromptList, prompt: Prompt, value: string | null): string[] {
  const index = indexOf(list, prompt);
  const branch = takenBranch(prompt, value);
  if (branch) {
    const end =
      branch.goto === "end"
        ? list.prompts.length
        : (list.questionStart.get(branch.goto) ?? index + 1);
    return list.prompts.slice(index + 1, end).map((skipped) => skipped.id);
  }
  const dependants: string[] = [];
  for (let next = index + 1; next < list.prompts.length; next += 1) {
    const requires = list.prompts[next]?.requires;
    if (!requires || requires.promptId !== prompt.id) break;
    if (requires.value !== value) dependants.push(list.prompts[next]?.id ?? "");
  }
  return dependants;
}

function takenBranch(prompt: Prompt, value: string | null) {
  if (prompt.kind !== "single" || value === null) return undefined;
  return prompt.branches.find((branch) => branch.when === value);
}

/** If a branch taken earlier skipped the prompt at `index`, the index of the branching prompt. */
function branchSkipping(list: PromptList, index: number, lookup: AnswerLookup): number | undefined {
  for (const source of list.branching) {
    const sourceIndex = indexOf(list, source);
    if (sourceIndex >= index) continue;
    const branch = takenBranch(source, lookup(source.id) ?? null);
    if (!branch) continue;
    const end =
      branch.goto === "end" ? list.prompts.length : (list.questionStart.get(branch.goto) ?? 0);
    if (index < end) return sourceIndex;
  }
  return undefined;
}

function skipChain(list: PromptList, from: number, conditionId: string): number {
  let index = from;
  while (list.prompts[index]?.requires?.promptId === conditionId) index += 1;
  return index;
}

function indexOf(list: PromptList, prompt: Prompt): number {
  const index = list.indexOf.get(prompt.id);
  if (index === undefined)
    throw new Error(`prompt ${prompt.id} is not in survey ${list.survey.id}`);
  return index;
}
