import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseOptions } from "./options.js";
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
    args.push("--responses", "200", "--recipients", "60", "--fresh", "--out", out);
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
    // Each update's time splits into its Bot API requests and the rest; both parts are real.
    for (const timings of [survey, floor, floorWithSurveyCalls]) {
      expect(timings.requestsMeanUs).toBeGreaterThan(0);
      expect(timings.ownMeanUs).toBeGreaterThan(0);
      expect(timings.requestsMeanUs + timings.ownMeanUs).toBeCloseTo(timings.meanUs, 0);
    }
    expect(stateBytes.firstPrompt).toBeGreaterThan(0);
    expect(stateBytes.max).toBeGreaterThanOrEqual(stateBytes.lastPrompt);
    expect(report.survey.rssMb).toBeGreaterThan(0);

    if (!Array.isArray(report.results)) throw new Error(`results: ${report.results.skipped}`);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ responses: 200, overviewCompleted: 200 });
    expect(report.results[0]?.questionRespondents).toBeGreaterThan(0);

    if (!("xlsx" in report.export)) throw new Error(`export: ${report.export.skipped}`);
    for (const run of [report.export.xlsx, report.export.csv]) {
      expect(run.bytes).toBeGreaterThan(0);
      expect(run.peakRssMb).toBeGreaterThan(0);
    }

    if (!("sent" in report.reminders)) throw new Error(`reminders: ${report.reminders.skipped}`);
    expect(report.reminders).toMatchObject({ recipients: 60, sent: 60, capPerSecond: 30 });
    expect(report.reminders.tooManyRequests).toBeGreaterThanOrEqual(0);

    expect(report.datasets).toEqual([expect.objectContaining({ completed: 200, cached: false })]);
    // /stats, export and reminders have targets at 100,000 responses and 2,000 teachers only.
    expect(report.targets.map((check) => check.met === null)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(stdout).toContain("not judged  /stats over 100,000 responses");
  });
});

describe("the bench's command line", () => {
  const out = join(dir, "options", "report.json");
  const problems = (...argv: string[]) => {
    const parsed = parseOptions(argv, out);
    return parsed.kind === "bad" ? parsed.problems : [];
  };

  it("names each bad option", () => {
    expect(problems("--teachers", "0")).toEqual(['--teachers "0": must be at least 1']);
    expect(problems("--teachers", "abc")).toEqual(['--teachers "abc": must be a whole number']);
    expect(problems("--seed", "")).toEqual(['--seed "": must be a whole number']);
    expect(problems("--only", "nonsense")[0]).toMatch(
      /no section "nonsense" \(valid names: survey,/,
    );
    expect(problems("--only", "survey,")[0]).toContain("has an empty entry (valid names:");
    expect(problems("--bogus", "3")).toEqual(["unknown option --bogus"]);
    expect(problems("--bogus")).toEqual(["unknown option --bogus"]);
    expect(problems("--quick", "extra")).toEqual(['unexpected argument "extra"']);
    expect(problems("--teachers")).toEqual(["--teachers needs a value"]);
    expect(problems("--recipients", "59")[0]).toContain("must be at least 60");
  });

  it("refuses an --out it cannot write, and makes the folder of one it can", () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    expect(problems("--out", dir)[0]).toContain("is a folder");
    expect(problems("--out", join(file, "report.json"))[0]).toContain("cannot write the JSON");
    expect(parseOptions([], out)).toMatchObject({ kind: "run", options: { out, seed: 20260301 } });
    expect(existsSync(join(dir, "options"))).toBe(true);
  });

  it("exits with 2 and the usage after a bad option, with 0 after --help", async () => {
    const bad = await exitOf(["--bogus", "--teachers", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bench: unknown option --bogus\nbench: --teachers");
    expect(bad.stderr).toContain("Usage: npm run bench");
    const help = await exitOf(["--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Usage: npm run bench");
  });

  it("removes its temporary folders when stopped with SIGTERM", { timeout: 60_000 }, async () => {
    const tmp = mkdtempSync(join(dir, "tmp-"));
    const child = spawn(process.execPath, ["--import", "tsx", run, "--quick", "--fresh"], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: "ignore",
    });
    // The run's folder, and the survey section's own (tsx keeps a cache there too).
    const ours = () => readdirSync(tmp).filter((name) => name.startsWith("saualnama-"));
    await vi.waitFor(() => expect(ours()).toHaveLength(2), {
      timeout: 30_000,
      interval: 50,
    });
    const code = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await code).toBe(143);
    expect(ours()).toEqual([]);
  });
});

/** Runs the bench with `argv` to its end. */
function exitOf(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", run, ...argv], (error, stdout, stderr) => {
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

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
