/**
 * Guarantee 3: at least 10,000 generated updates (see update-fuzzer.ts) leave the bot running,
 * with no unhandled rejection and no update failing, every call it made within Telegram's
 * limits (the emulator answers 400 to anything Telegram would refuse; only "message is not
 * modified" is harmless), and every stored answer one the survey engine would accept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translators } from "../privacy/helpers.js";
import { type LoggedRig, startLoggedRig } from "../privacy/logged-rig.js";
import { SimTeacher } from "../support/teacher.js";
import { Random } from "./random.js";
import { storedAnswerProblems } from "./stored-answers.js";
import { UpdateFuzzer } from "./update-fuzzer.js";

const UPDATES = 10_000;
const BATCH = 250;
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);

let rig: LoggedRig;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
let pushed = 0;

/** The update ids the log says were handled (or failed), read as the log grows. */
const handled = new Set<number>();
let read = 0;
function readLog(log: readonly string[]): void {
  for (; read < log.length; read += 1) {
    const entry = JSON.parse(log[read] ?? "{}") as { msg?: string; update?: number };
    if ((entry.msg === "update handled" || entry.msg === "update failed") && entry.update) {
      handled.add(entry.update);
    }
  }
}

beforeAll(async () => {
  process.on("unhandledRejection", onRejection);
  rig = await startLoggedRig({ ADMIN_IDS: "1", COORDINATOR_IDS: "2" });
  const fuzzer = new UpdateFuzzer(rig.emu, new Random(SEED), 120, 7_350_000_001);
  while (pushed < UPDATES) {
    const expected: number[] = [];
    for (let i = 0; i < BATCH; i += 1) {
      const { update, delivered } = fuzzer.next();
      pushed += 1;
      if (delivered) expected.push(update.update_id);
    }
    // Wait until the bot has handled the whole batch: its log names every update once.
    for (readLog(rig.log); !expected.every((id) => handled.has(id)); readLog(rig.log)) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}, 600_000);
afterAll(async () => {
  process.off("unhandledRejection", onRejection);
  await rig.close();
});

describe(`${UPDATES} generated updates (seed ${SEED})`, () => {
  it("were all pushed and handled, none failing but for teachers who blocked the bot", () => {
    expect(pushed).toBeGreaterThanOrEqual(10_000);
    const failed = rig.log
      .map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string } })
      .filter((entry) => entry.msg === "update failed");
    expect(failed.filter((entry) => !entry.err?.message?.includes("403"))).toEqual([]);
    expect(rejections).toEqual([]);
  });

  it("made no call Telegram would refuse", () => {
    const refused = rig.emu.calls
      .filter((call) => !call.response.ok && call.response.error_code !== 403)
      .filter(
        (call) => !(!call.response.ok && /message is not modified/.test(call.response.description)),
      )
      .map(
        (call) =>
          `${call.method} ${JSON.stringify(call.response)} ${JSON.stringify(call.params).slice(0, 200)}`,
      );
    expect(refused).toEqual([]);
  });

  it("stored only answers the survey engine accepts, on the engine's path", () => {
    const db = rig.readDb();
    try {
      const stored = db.prepare("SELECT COUNT(*) AS n FROM answers").get() as { n: number };
      // Enough answers for the check to mean something (about 200 to 300 per run).
      expect(stored.n).toBeGreaterThan(100);
      expect(storedAnswerProblems(db, rig.app.prompts)).toEqual([]);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  });

  it("is still serving teachers", async () => {
    const t = await translators();
    const teacher = new SimTeacher(rig.emu, { id: 7_349_999_999, language_code: "kk" });
    const q1 = await teacher.begin("kk");
    expect(q1.text).toContain(t.kk("survey:q1.text"));
  });
});
