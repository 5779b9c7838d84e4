/**
 * Button data of the privacy feature: confirmations carry a one-time code, so a button from an
 * old message, or one forged by hand, confirms nothing.
 */
import { z } from "zod";

export type PrivacyButton =
  /** "Yes, delete my data" under /delete_me. */
  | { type: "erase"; code: string }
  /** "No, keep it" under /delete_me. */
  | { type: "keep" }
  /** The first and second confirmation of /end_study. */
  | { type: "end"; step: 1 | 2; code: string }
  | { type: "end-cancel" };

const code = z.string().regex(/^[0-9a-f]{8,16}$/);

const schema = z.union([
  z.tuple([z.literal("pv"), z.literal("e"), code]).transform(([, , c]) => ({
    type: "erase" as const,
    code: c,
  })),
  z.tuple([z.literal("pv"), z.literal("k")]).transform(() => ({ type: "keep" as const })),
  z.tuple([z.literal("pv"), z.enum(["1", "2"]), code]).transform(([, step, c]) => ({
    type: "end" as const,
    step: step === "1" ? (1 as const) : (2 as const),
    code: c,
  })),
  z.tuple([z.literal("pv"), z.literal("c")]).transform(() => ({ type: "end-cancel" as const })),
]);

/** Whether button data belongs to this feature at all. */
export const PRIVACY_PREFIX = /^pv:/;

/** Reads privacy button data; undefined for anything else or malformed. */
export function decodePrivacyButton(data: string | undefined): PrivacyButton | undefined {
  if (!data?.startsWith("pv:") || data.length > 64) return undefined;
  const parsed = schema.safeParse(data.split(":"));
  return parsed.success ? parsed.data : undefined;
}

/** Writes privacy button data (at most 22 bytes). */
export function encodePrivacyButton(button: PrivacyButton): string {
  switch (button.type) {
    case "erase":
      return `pv:e:${button.code}`;
    case "keep":
      return "pv:k";
    case "end":
      return `pv:${button.step}:${button.code}`;
    case "end-cancel":
      return "pv:c";
  }
}
