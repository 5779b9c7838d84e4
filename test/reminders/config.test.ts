import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";

const base = { BOT_TOKEN: "123456:TEST" };

describe("reminder settings in the configuration", () => {
  it("default to a pace under Telegram's limit and no automatic reminders", () => {
    const parsed = parseConfig(base);
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(parsed.config).toMatchObject({
      REMINDER_RATE_PER_SECOND: 25,
      AUTO_REMIND_MAX: 2,
      AUTO_REMIND_CRON: "*/15 * * * *",
      QUIET_HOURS: { from: 21 * 60, to: 9 * 60 },
    });
    expect(parsed.config.AUTO_REMIND_AFTER_HOURS).toBeUndefined();
  });

  it("read automatic reminders and quiet hours from the environment", () => {
    const parsed = parseConfig({
      ...base,
      REMINDER_RATE_PER_SECOND: "12.5",
      AUTO_REMIND_AFTER_HOURS: "48",
      AUTO_REMIND_MAX: "3",
      AUTO_REMIND_CRON: "0 10 * * *",
      QUIET_HOURS: "off",
    });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(parsed.config).toMatchObject({
      REMINDER_RATE_PER_SECOND: 12.5,
      AUTO_REMIND_AFTER_HOURS: 48,
      AUTO_REMIND_MAX: 3,
      AUTO_REMIND_CRON: "0 10 * * *",
      QUIET_HOURS: null,
    });
  });

  it("name every bad value at once", () => {
    const parsed = parseConfig({
      ...base,
      REMINDER_RATE_PER_SECOND: "0",
      AUTO_REMIND_AFTER_HOURS: "soon",
      AUTO_REMIND_MAX: "1.5",
      AUTO_REMIND_CRON: "every morning",
      QUIET_HOURS: "21-9",
    });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    for (const name of [
      "REMINDER_RATE_PER_SECOND",
      "AUTO_REMIND_AFTER_HOURS",
      "AUTO_REMIND_MAX",
      "AUTO_REMIND_CRON",
      "QUIET_HOURS",
    ])
      expect(
        problems.some((problem) => problem.startsWith(`${name}:`)),
        name,
      ).toBe(true);
  });
});
