/**
 * The function the benchmark calls: a job of N recipients against an API root, reporting the
 * pace achieved and the 429s met.
 */
import { afterEach, describe, expect, it } from "vitest";
import { benchmarkReminders } from "../../src/channels/telegram/reminders/benchmark.js";
import { loadTranslations } from "../../src/i18n.js";
import { type BotApiEmulator, startEmulator } from "../support/bot-api-emulator.js";
import { maxInWindow } from "./helpers.js";

let emu: BotApiEmulator;
afterEach(async () => {
  await emu.stop();
});

describe("benchmarkReminders", () => {
  it("reports the pace under a cap it respects, with no 429", async () => {
    emu = await startEmulator({ rateLimit: { perSecond: 30 } });
    const result = await benchmarkReminders({
      apiRoot: emu.apiRoot,
      token: emu.token,
      recipients: 60,
      perSecond: 25,
      translations: await loadTranslations(),
    });
    expect(result).toMatchObject({ recipients: 60, sent: 60, failed: 0, tooManyRequests: 0 });
    expect(result.achievedPerSecond).toBeLessThanOrEqual(25 * 1.02);
    expect(maxInWindow(emu.callsTo("sendMessage").map((c) => c.at))).toBeLessThanOrEqual(30);
  });

  it("counts the 429s met when the pace is set above the cap", async () => {
    emu = await startEmulator({ rateLimit: { perSecond: 5 } });
    const result = await benchmarkReminders({
      apiRoot: emu.apiRoot,
      token: emu.token,
      recipients: 15,
      perSecond: 15,
      translations: await loadTranslations(),
    });
    const refused = emu.callsTo("sendMessage").filter((c) => !c.response.ok);
    expect(result.tooManyRequests).toBe(refused.length);
    expect(result.tooManyRequests).toBeGreaterThan(0);
    expect(result.sent).toBe(15);
  }, 30_000);
});
