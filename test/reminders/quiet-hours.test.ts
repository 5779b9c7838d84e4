import { describe, expect, it } from "vitest";
import {
  formatQuietHours,
  isQuiet,
  minutesOfDay,
  parseQuietHours,
} from "../../src/reminders/quiet-hours.js";

/** An instant given as Almaty wall-clock time (UTC+5 since March 2024). */
const almaty = (hour: number, minute = 0) => Date.UTC(2025, 0, 15, hour - 5, minute);

describe("quiet hours", () => {
  it("reads a window, possibly across midnight, and 'off'", () => {
    expect(parseQuietHours("21:00-09:00")).toEqual({ from: 21 * 60, to: 9 * 60 });
    expect(parseQuietHours(" 13:30-14:15 ")).toEqual({ from: 13 * 60 + 30, to: 14 * 60 + 15 });
    expect(parseQuietHours("off")).toBeNull();
    expect(formatQuietHours({ from: 21 * 60, to: 9 * 60 })).toBe("21:00-09:00");
  });

  it("names what is wrong with a bad window", () => {
    expect(parseQuietHours("9-21")).toMatch(/HH:MM-HH:MM/);
    expect(parseQuietHours("24:00-09:00")).toMatch(/HH:MM-HH:MM/);
    expect(parseQuietHours("09:00-09:00")).toMatch(/empty/);
  });

  it("tells the time of day in Almaty", () => {
    expect(minutesOfDay(almaty(21, 30))).toBe(21 * 60 + 30);
    expect(minutesOfDay(almaty(0, 5))).toBe(5);
  });

  it("is quiet from 21:00 up to, not including, 09:00 Almaty time by default", () => {
    const hours = parseQuietHours("21:00-09:00");
    if (hours === null || typeof hours === "string") throw new Error("bad window");
    expect(isQuiet(hours, almaty(20, 59))).toBe(false);
    expect(isQuiet(hours, almaty(21, 0))).toBe(true);
    expect(isQuiet(hours, almaty(3, 0))).toBe(true);
    expect(isQuiet(hours, almaty(8, 59))).toBe(true);
    expect(isQuiet(hours, almaty(9, 0))).toBe(false);
    expect(isQuiet(null, almaty(3, 0))).toBe(false);
  });

  it("handles a window within one day", () => {
    const lunch = { from: 13 * 60, to: 14 * 60 };
    expect(isQuiet(lunch, almaty(12, 59))).toBe(false);
    expect(isQuiet(lunch, almaty(13, 30))).toBe(true);
    expect(isQuiet(lunch, almaty(14, 0))).toBe(false);
  });
});
