/**
 * Quiet hours: the part of the day in the study's time zone when no automatic reminder is
 * sent, written "21:00-09:00" (it may wrap past midnight).
 */

/** The study takes place in the Almaty region. */
export const STUDY_TIME_ZONE = "Asia/Almaty";

/** A daily window in minutes after midnight; `from` is inside it, `to` is not. */
export interface QuietHours {
  from: number;
  to: number;
}

const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** Reads "HH:MM-HH:MM"; "off" means no quiet hours. A string result is the problem. */
export function parseQuietHours(text: string): QuietHours | null | string {
  if (text.trim().toLowerCase() === "off") return null;
  const match = WINDOW.exec(text.trim());
  if (!match) return 'write "HH:MM-HH:MM", e.g. "21:00-09:00", or "off"';
  const [, fromH, fromM, toH, toM] = match.map(Number);
  const from = (fromH ?? 0) * 60 + (fromM ?? 0);
  const to = (toH ?? 0) * 60 + (toM ?? 0);
  if (from === to) return 'the window is empty: start and end are the same (use "off")';
  return { from, to };
}

/** Minutes after midnight at `now` in `timeZone`. */
export function minutesOfDay(now: number, timeZone = STUDY_TIME_ZONE): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part("hour") * 60 + part("minute");
}

/** Whether `now` falls in the quiet hours (never, when there are none). */
export function isQuiet(
  hours: QuietHours | null,
  now: number,
  timeZone = STUDY_TIME_ZONE,
): boolean {
  if (!hours) return false;
  const minute = minutesOfDay(now, timeZone);
  return hours.from < hours.to
    ? minute >= hours.from && minute < hours.to
    : minute >= hours.from || minute < hours.to;
}

/** "HH:MM" for minutes after midnight. */
export function clockTime(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The window as written in the configuration, e.g. "21:00-09:00". */
export function formatQuietHours(hours: QuietHours): string {
  return `${clockTime(hours.from)}-${clockTime(hours.to)}`;
}
