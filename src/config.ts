/**
 * Configuration: one zod schema over the environment (and a .env file, if present), parsed
 * once at start. A missing or malformed value stops the start with every problem named.
 */
import { Cron } from "croner";
import { z } from "zod";
import { parseQuietHours } from "./reminders/quiet-hours.js";

const idList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const parts = value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    const bad = parts.filter((part) => !/^-?\d+$/.test(part));
    if (bad.length > 0)
      ctx.addIssue({ code: "custom", message: `not Telegram user ids: ${bad.join(", ")}` });
    return parts.map(Number);
  });

/** Reminders: the sending pace, and automatic reminders (off unless AUTO_REMIND_AFTER_HOURS). */
const reminderSettings = {
  // Telegram allows about 30 messages per second; the default leaves room for the survey.
  REMINDER_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(25),
  AUTO_REMIND_AFTER_HOURS: z.coerce.number().positive().optional(),
  AUTO_REMIND_MAX: z.coerce.number().int().min(1).max(20).default(2),
  AUTO_REMIND_CRON: z
    .string()
    .default("*/15 * * * *")
    .refine(isCronPattern, "is not a cron pattern (e.g. */15 * * * * for every 15 minutes)"),
  QUIET_HOURS: z
    .string()
    .default("21:00-09:00")
    .transform((value, ctx) => {
      const parsed = parseQuietHours(value);
      if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
      return typeof parsed === "string" ? null : parsed;
    }),
};

function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** The daily backup to a folder: off unless BACKUP_DIR is set. */
const backupSettings = {
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7),
  BACKUP_CRON: z
    .string()
    .default("0 3 * * *")
    .refine(isCronPattern, "is not a cron pattern (e.g. 0 3 * * * for 03:00 every day)"),
};

const configSchema = z.object({
  BOT_TOKEN: z
    .string({
      error: "is required: create a bot with @BotFather in Telegram and copy its token here",
    })
    // A token pasted with a space or a line break around it is still the token.
    .trim()
    .regex(
      /^\d+:[\w-]+$/,
      "does not look like a bot token (digits, a colon, then letters, digits, _ or -)",
    ),
  BOT_API_ROOT: z
    .url("is not a URL (e.g. https://api.telegram.org or http://localhost:8081)")
    .default("https://api.telegram.org")
    // grammY refuses an API root ending in "/", which is how addresses are often copied.
    .transform((url) => url.replace(/\/+$/, "")),
  DATABASE_PATH: z.string().min(1).default("./data/saualnama.db"),
  ADMIN_IDS: idList,
  COORDINATOR_IDS: idList,
  SCHOOLS_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ...reminderSettings,
  ...backupSettings,
});

export type Config = z.output<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses the environment; empty strings count as unset so a blank line in .env means "default". */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "config"}: ${issue.message}`,
  );
  return { ok: false, problems };
}
