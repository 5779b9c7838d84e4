/**
 * `npm run bench`: what an answer, a /stats, an export and a reminder run cost on this
 * machine, measured against the floor in the same process. Prints one table and writes the
 * same figures as JSON (bench-results/<time>.json, or --out). See the README, "Benchmark".
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { loadTeacherSurvey } from "../../src/survey-setup.js";
import { cleanUpOnSignals, makeTempDir, removeTempDir } from "./cleanup.js";
import { createDatasets } from "./datasets.js";
import { benchExport } from "./export-bench.js";
import { round } from "./figures.js";
import { parseOptions, type SectionName, usage } from "./options.js";
import { benchReminders } from "./reminders-bench.js";
import { type BenchReport, checkTargets, formatReport, type Skipped } from "./report.js";
import { benchResults } from "./results-bench.js";
import { benchSurvey } from "./survey-bench.js";

const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
const defaultOut = fileURLToPath(new URL(`../../bench-results/${stamp}.json`, import.meta.url));
const parsed = parseOptions(process.argv.slice(2), defaultOut);
if (parsed.kind === "help") {
  console.log(usage);
  process.exit(0);
}
if (parsed.kind === "bad") {
  process.stderr.write(`${parsed.problems.map((p) => `bench: ${p}\n`).join("")}\n${usage}\n`);
  process.exit(2);
}
const { options } = parsed;

cleanUpOnSignals();
const started = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
const prompts = loadTeacherSurvey();
const dir = makeTempDir("saualnama-bench-data-");
const datasets = createDatasets(prompts, options.seed, dir, options.cache);
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Runs a selected section; a failure is reported in its place and fails the run at the end. */
async function section<T>(name: SectionName, work: () => Promise<T>): Promise<T | Skipped> {
  if (!options.sections.includes(name)) return { skipped: "not selected (--only)" };
  const sectionStarted = performance.now();
  progress(`${name}...`);
  try {
    const figures = await work();
    progress(`${name} done in ${round((performance.now() - sectionStarted) / 1000, 1)} s`);
    return figures;
  } catch (error) {
    process.exitCode = 1;
    process.stderr.write(`bench: ${name} failed: ${(error as Error).stack ?? String(error)}\n`);
    return { skipped: `failed: ${(error as Error).message}` };
  }
}

try {
  const survey = await section("survey", () =>
    benchSurvey({ teachers: options.teachers, warmup: options.warmup, seed: options.seed }),
  );
  const results = await section("results", async () => {
    const figures = [];
    for (const size of options.resultSizes)
      figures.push(await benchResults(datasets.path(size), size, prompts, options.resultRuns));
    return figures;
  });
  const exported = await section("export", () =>
    benchExport(datasets.path(options.exportSize), options.exportSize, dir),
  );
  const reminders = await section("reminders", () =>
    benchReminders({
      recipients: options.reminderRecipients,
      capPerSecond: options.reminderCap,
      seed: options.seed,
      dir,
    }),
  );

  const measured: Omit<BenchReport, "targets"> = {
    startedAt: startedAt.toISOString(),
    mode: options.quick ? "quick" : "full",
    machine: {
      cpu: cpus()[0]?.model.trim() ?? "unknown",
      cores: cpus().length,
      node: process.version,
      loadAverage: { start: round(loadAtStart, 2), end: round(loadavg()[0] ?? 0, 2) },
    },
    seed: options.seed,
    datasets: datasets.infos(),
    durationS: round((performance.now() - started) / 1000, 1),
    survey,
    results,
    export: exported,
    reminders,
  };
  const report: BenchReport = { ...measured, targets: checkTargets(measured) };

  console.log(formatReport(report));
  try {
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nJSON: ${options.out}`);
  } catch (error) {
    process.exitCode = 1;
    process.stderr.write(`bench: the JSON could not be written: ${(error as Error).message}\n`);
  }
} finally {
  removeTempDir(dir);
}
