/**
 * Guarantee 1, the short form of `npm run test:crash` for every test run: 40 simulated
 * teachers take the survey while the bot process is killed with SIGKILL four times at random
 * moments and started again. Definitions of lost and doubled are in crash-trial.ts.
 */
import { describe, expect, it } from "vitest";
import { runCrashTrial } from "./crash-trial.js";

describe("the bot killed under 40 teachers", () => {
  it("loses no answer, doubles none, and every teacher finishes at the right prompt", async () => {
    const figures = await runCrashTrial({
      teachers: 40,
      concurrency: 40,
      seed: Number(process.env.CRASH_SEED ?? 4242),
      uptimeMs: [400, 1500],
      maxKills: 4,
      waitMs: 2500,
    });
    console.log(
      `crash trial: ${figures.teachers} teachers, ${figures.kills} kills, ` +
        `${figures.answers} answers, ${figures.lost} lost, ${figures.doubled} doubled`,
    );
    expect(figures.problems).toEqual([]);
    expect(figures).toMatchObject({
      teachers: 40,
      kills: 4,
      lost: 0,
      doubled: 0,
      outOfOrder: 0,
      unfinished: 0,
      invalid: 0,
      integrity: "ok",
    });
    expect(figures.answers).toBeGreaterThan(40 * 40);
  }, 300_000);
});
