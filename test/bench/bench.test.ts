import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchReport } from "./report.js";
import { recordBytes } from "./row-bytes.js";

// Smoke test only: the figures are timings of a shared machine and are never asserted.
const run = fileURLToPath(new URL("./run.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "saualnama-bench-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run bench -- --quick", () => {
  it("measures every section and writes the figures as JSON", { timeout: 180_000 }, async () => {
    const out = join(dir, "report.json");
    const args = ["--import", "tsx", run, "--quick", "--teachers", "3"];
    args.push("--responses", "200", "--recipients", "12", "--fresh", "--out", out);
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      maxBuffer: 1 << 20,
    });
    expect(stdout).toContain("Targets");
    const report = JSON.parse(readFileSync(out, "utf8")) as BenchReport;

    expect(report.mode).toBe("quick");
    expect(report.machine.node).toBe(process.version);
    if (!("floor" in report.survey)) throw new Error(`survey: ${report.survey.skipped}`);
    const { survey, floor, floorWithSurveyCalls, stateBytes } = report.survey;
    // 3 measured teachers plus the 10 of the warm-up, each through the whole survey.
    expect(survey.completed).toBe(13);
    expect(survey.promptsPerTeacher.min).toBeGreaterThanOrEqual(47);
    expect(survey.updates).toBeGreaterThan(3 * 47);
    expect(floor.updates).toBe(3 * 47);
    expect(floorWithSurveyCalls.updates).toBe(3 * 47);
    for (const timings of [survey, floor, floorWithSurveyCalls, survey.first5, survey.last5]) {
      expect(timings.meanUs).toBeGreaterThan(0);
      expect(timings.cpuMeanUs).toBeGreaterThanOrEqual(0);
    }
    expect(survey.p99Us).toBeGreaterThanOrEqual(survey.p50Us);
    expect(stateBytes.firstPrompt).toBeGreaterThan(0);
    expect(stateBytes.max).toBeGreaterThanOrEqual(stateBytes.lastPrompt);
    expect(report.survey.rssMb).toBeGreaterThan(0);

    if (!Array.isArray(report.results)) throw new Error(`results: ${report.results.skipped}`);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ responses: 200, overviewCompleted: 200 });
    expect(report.results[0]?.questionRespondents).toBeGreaterThan(0);

    if (!("xlsx" in report.export)) throw new Error(`export: ${report.export.skipped}`);
    for (const run of [report.export.xlsx, report.export.csv]) {
      expect(run.megabytes).toBeGreaterThan(0);
      expect(run.peakRssMb).toBeGreaterThan(0);
    }

    if (!("sent" in report.reminders)) throw new Error(`reminders: ${report.reminders.skipped}`);
    expect(report.reminders).toMatchObject({ recipients: 12, sent: 12, capPerSecond: 30 });
    expect(report.reminders.tooManyRequests).toBeGreaterThanOrEqual(0);

    expect(report.targets.map((check) => check.target)).toHaveLength(6);
  });
});

describe("recordBytes", () => {
  it("counts a row's bytes as SQLite stores them (dbstat agrees)", () => {
    const sqlite = new Sqlite(":memory:");
    sqlite.exec(`create table t (id text primary key, n integer, flag integer, big integer,
      gone text, word text) without rowid`);
    sqlite
      .prepare("insert into t values (?, ?, ?, ?, ?, ?)")
      .run("R3F2A9C01B7E4", 300, 1, 1_767_225_600_000, null, "қазақша");
    const stored = sqlite
      .prepare("select sum(payload) as bytes from dbstat where name = 't'")
      .get() as { bytes: number };
    expect(recordBytes(sqlite, "t", "1 = 1", [])).toBe(stored.bytes);
    sqlite.close();
  });
});
