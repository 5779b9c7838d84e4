/**
 * The pacer against the emulator's flood limit (a sliding second): a pace set to the very
 * cap stays under it even when requests are held up on their way, and a 429 stops every
 * send for its retry_after, after which the retry takes its turn in the pace.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiCall } from "../support/bot-api-emulator.js";
import { maxInWindow, sendsPerChat } from "./helpers.js";
import { type QueueFixture, queueFixture, seedJob } from "./queue-fixture.js";

let fx: QueueFixture;
afterEach(async () => {
  await fx.close();
});

/** An automatic job (no progress messages) to `n` teachers; returns their chats. */
const autoJob = (n: number, firstChat: number) =>
  seedJob(fx, n, firstChat, { kind: "auto", createdBy: "auto", staffLanguage: null });

const chatCalls = (): ApiCall[] => fx.emu.calls.filter((c) => c.params.chat_id !== undefined);

describe("the pacer", () => {
  it("keeps every sliding second under the cap at a pace set to the cap, with requests held up on their way", async () => {
    fx = await queueFixture({ rateLimit: { perSecond: 10 } });
    const { jobId, chats } = autoJob(40, 1000);
    // Every seventh request reaches Telegram 150 ms late, as after a stall or a slow route:
    // evenly spaced launches alone would then put eleven requests in one second.
    let requests = 0;
    const heldUp: typeof fetch = async (input, init) => {
      requests += 1;
      if (requests % 7 === 0) await sleep(150);
      return fetch(input, init);
    };

    await fx.newQueue({ perSecond: 10, fetch: heldUp }).run(jobId);

    expect(chatCalls().filter((c) => !c.response.ok)).toEqual([]);
    expect(maxInWindow(chatCalls().map((c) => c.at))).toBeLessThanOrEqual(10);
    expect(sendsPerChat(fx.emu, chats).size).toBe(40);
  }, 30_000);

  it("stops every send for a 429's retry_after, and paces the retries too", async () => {
    fx = await queueFixture({ rateLimit: { perSecond: 5 } });
    const { jobId, chats } = autoJob(20, 2000);

    await fx.newQueue({ perSecond: 10 }).run(jobId);

    const calls = chatCalls();
    const refusals = calls.filter((c) => !c.response.ok);
    expect(refusals.length).toBeGreaterThan(0);
    for (const refused of refusals) {
      const response = refused.response;
      if (response.ok) throw new Error("a refusal that succeeded");
      expect(response.error_code).toBe(429);
      const waitMs = (response.parameters?.retry_after ?? 0) * 1000;
      // At most one request already on its way when the 429 came back arrives in the pause.
      const during = calls.filter((c) => c.at > refused.at && c.at < refused.at + waitMs);
      expect(during.length).toBeLessThanOrEqual(1);
    }
    // Each retry fits in the pace: no teacher is refused twice, and each gets one reminder.
    for (const sends of sendsPerChat(fx.emu, chats).values()) {
      expect(sends.filter((c) => !c.response.ok).length).toBeLessThanOrEqual(1);
      expect(sends.filter((c) => c.response.ok)).toHaveLength(1);
    }
  }, 30_000);
});
