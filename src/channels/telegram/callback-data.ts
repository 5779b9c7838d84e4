/**
 * Button data: a compact code that names the prompt it belongs to, so a press is checked
 * against the respondent's current prompt. Telegram allows 64 bytes; these stay under 32.
 */
import { z } from "zod";
import type { Language } from "../../app/ports.js";

export type ButtonAction =
  | { type: "language"; language: Language }
  | { type: "consent"; agree: boolean }
  | { type: "choose"; promptId: string; code: string }
  | { type: "toggle"; promptId: string; code: string; on?: boolean }
  | { type: "done"; promptId: string }
  | { type: "skip"; promptId: string }
  | { type: "back"; promptId: string };

const promptId = z.string().regex(/^q\d{1,3}(_[a-z0-9]{1,12}){0,2}$/);
const code = z.string().regex(/^[a-z0-9]{1,12}$/);

const toggle = z.union([
  z
    .tuple([z.literal("t"), promptId, code])
    .transform(([, p, c]) => ({ type: "toggle" as const, promptId: p, code: c })),
  z.tuple([z.literal("t"), promptId, code, z.enum(["0", "1"])]).transform(([, p, c, on]) => ({
    type: "toggle" as const,
    promptId: p,
    code: c,
    on: on === "1",
  })),
]);

/**
 * One schema per leading letter: every tap is decoded, and picking the schema by that letter
 * spares trying each shape of a union in turn.
 */
const schemas: Record<string, z.ZodType<ButtonAction, string[]>> = {
  l: z
    .tuple([z.literal("l"), z.enum(["kk", "ru"])])
    .transform(([, language]) => ({ type: "language" as const, language })),
  k: z
    .tuple([z.literal("k"), z.enum(["y", "n"])])
    .transform(([, v]) => ({ type: "consent" as const, agree: v === "y" })),
  a: z
    .tuple([z.literal("a"), promptId, code])
    .transform(([, p, c]) => ({ type: "choose" as const, promptId: p, code: c })),
  t: toggle,
  d: z
    .tuple([z.literal("d"), promptId])
    .transform(([, p]) => ({ type: "done" as const, promptId: p })),
  s: z
    .tuple([z.literal("s"), promptId])
    .transform(([, p]) => ({ type: "skip" as const, promptId: p })),
  b: z
    .tuple([z.literal("b"), promptId])
    .transform(([, p]) => ({ type: "back" as const, promptId: p })),
};

/** Reads button data; undefined for anything the bot did not make (old formats, forgeries). */
export function decodeButton(data: string | undefined): ButtonAction | undefined {
  if (!data || data.length > 64) return undefined;
  const fields = data.split(":");
  const schema = Object.hasOwn(schemas, fields[0] ?? "") ? schemas[fields[0] ?? ""] : undefined;
  const parsed = schema?.safeParse(fields);
  return parsed?.success ? parsed.data : undefined;
}

/** Writes button data for an action. */
export function encodeButton(action: ButtonAction): string {
  switch (action.type) {
    case "language":
      return `l:${action.language}`;
    case "consent":
      return `k:${action.agree ? "y" : "n"}`;
    case "choose":
      return `a:${action.promptId}:${action.code}`;
    case "toggle": {
      const state = action.on === undefined ? "" : `:${action.on ? 1 : 0}`;
      return `t:${action.promptId}:${action.code}${state}`;
    }
    case "done":
      return `d:${action.promptId}`;
    case "skip":
      return `s:${action.promptId}`;
    case "back":
      return `b:${action.promptId}`;
  }
}
