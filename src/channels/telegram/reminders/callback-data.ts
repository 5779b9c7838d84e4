/**
 * Button data of reminders, all under the "r:" prefix so it never collides with the survey's
 * one-letter prefixes. The teacher's buttons are fixed ("r:c", "r:stop", "r:on"); the
 * coordinator's carry a short code, never a label, and stay far below Telegram's 64 bytes.
 */
import { z } from "zod";
import type { Segment } from "../../../reminders/segments.js";

export type ReminderButton =
  /** Under a reminder: show the teacher's current prompt again. */
  | { type: "continue" }
  /** Under a reminder: no more reminders for this teacher. */
  | { type: "stop" }
  /** Where "stop" was pressed: reminders are welcome again. */
  | { type: "resume" }
  /** Under a progress message: cancel that job. */
  | { type: "cancel-job"; jobId: number }
  /** The composer's choices. */
  | { type: "segment"; segment: Segment }
  | { type: "district"; district: string | null }
  | { type: "school"; index: number | null }
  | { type: "text"; custom: boolean }
  | { type: "confirm" }
  | { type: "abort" };

const segmentCodes = { not_started: "ns", in_progress: "ip", not_completed: "nc", completed: "cd" };
const segmentOf = Object.fromEntries(
  Object.entries(segmentCodes).map(([segment, code]) => [code, segment as Segment]),
);

const districtCode = z.string().regex(/^[a-z0-9_]{1,24}$/);
const count = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

const schema = z.union([
  z.tuple([z.literal("r"), z.literal("c")]).transform(() => ({ type: "continue" as const })),
  z.tuple([z.literal("r"), z.literal("stop")]).transform(() => ({ type: "stop" as const })),
  z.tuple([z.literal("r"), z.literal("on")]).transform(() => ({ type: "resume" as const })),
  z
    .tuple([z.literal("r"), z.literal("x"), count])
    .transform(([, , jobId]) => ({ type: "cancel-job" as const, jobId })),
  z
    .tuple([z.literal("r"), z.literal("g"), z.enum(["ns", "ip", "nc", "cd"])])
    .transform(([, , code]) => ({ type: "segment" as const, segment: segmentOf[code] as Segment })),
  z
    .tuple([z.literal("r"), z.literal("d"), z.union([z.literal("*"), districtCode])])
    .transform(([, , d]) => ({ type: "district" as const, district: d === "*" ? null : d })),
  z
    .tuple([z.literal("r"), z.literal("s"), z.union([z.literal("*"), count])])
    .transform(([, , i]) => ({ type: "school" as const, index: i === "*" ? null : i })),
  z
    .tuple([z.literal("r"), z.literal("t"), z.enum(["d", "o"])])
    .transform(([, , v]) => ({ type: "text" as const, custom: v === "o" })),
  z.tuple([z.literal("r"), z.literal("ok")]).transform(() => ({ type: "confirm" as const })),
  z.tuple([z.literal("r"), z.literal("no")]).transform(() => ({ type: "abort" as const })),
]);

/** Reads reminder button data; undefined for anything else. */
export function decodeReminderButton(data: string | undefined): ReminderButton | undefined {
  if (!data?.startsWith("r:") || data.length > 64) return undefined;
  const parsed = schema.safeParse(data.split(":"));
  return parsed.success ? parsed.data : undefined;
}

/** Writes reminder button data. */
export function encodeReminderButton(button: ReminderButton): string {
  switch (button.type) {
    case "continue":
      return "r:c";
    case "stop":
      return "r:stop";
    case "resume":
      return "r:on";
    case "cancel-job":
      return `r:x:${button.jobId}`;
    case "segment":
      return `r:g:${segmentCodes[button.segment]}`;
    case "district":
      return `r:d:${button.district ?? "*"}`;
    case "school":
      return `r:s:${button.index ?? "*"}`;
    case "text":
      return `r:t:${button.custom ? "o" : "d"}`;
    case "confirm":
      return "r:ok";
    case "abort":
      return "r:no";
  }
}
