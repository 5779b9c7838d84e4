/**
 * The benchmark's report: one JSON document for comparing runs, and the same figures as one
 * table for reading, each line next to its target where the issue sets one.
 */
import type { DatasetInfo } from "./datasets.js";
import type { ExportFigures } from "./export-bench.js";
import type { RemindersFigures } from "./reminders-bench.js";
import type { ResultsFigures } from "./results-bench.js";
import type { SurveyFigures } from "./survey-figures.js";

/** A section that did not run, and why (a missing module, an error). */
export interface Skipped {
  skipped: string;
}

/** Everything one run measured. */
export interface BenchReport {
  startedAt: string;
  mode: "quick" | "full";
  machine: {
    cpu: string;
    cores: number;
    node: string;
    loadAverage: { start: number; end: number };
  };
  seed: number;
  /** The generated databases of the results and export sections. */
  datasets: DatasetInfo[];
  durationS: number;
  survey: SurveyFigures | Skipped;
  results: ResultsFigures[] | Skipped;
  export: ExportFigures | Skipped;
  reminders: RemindersFigures | Skipped;
  targets: TargetCheck[];
}

/** One target of the issue and how this run did against it. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** Null when the run measured another size than the target is set for (see notJudged). */
  met: boolean | null;
  notJudged?: string;
}

/** The sizes the issue sets the /stats, export and reminders targets at. */
const TARGET_RESPONSES = 100_000;
const TARGET_RECIPIENTS = 2_000;

/** A check judged only when the run measured the size the target is set for. */
function atSize(check: TargetCheck, measured: number, defined: number, unit: string) {
  if (measured === defined) return check;
  return { ...check, met: null, notJudged: `the target is at ${count(defined)} ${unit}` };
}

const count = (n: number) => n.toLocaleString("en");
const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10} %`;

/** Whether a section ran. */
export function ran<T>(section: T | Skipped): section is T {
  return !(typeof section === "object" && section !== null && "skipped" in section);
}

/** Checks the figures against the targets of issue 6. */
export function checkTargets(report: Omit<BenchReport, "targets">): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { survey, results, reminders } = report;
  if (ran(survey)) {
    checks.push({
      target: "survey/floor <= 1.5 (mean per update)",
      measured: `${survey.surveyToFloor} (CPU ${survey.surveyToFloorCpu})`,
      met: survey.surveyToFloor <= 1.5,
    });
    checks.push({
      target: "last-5/first-5 <= 1.1",
      measured: `${survey.survey.lastToFirst} (CPU ${survey.survey.lastToFirstCpu})`,
      met: survey.survey.lastToFirst <= 1.1,
    });
    const { firstPrompt, lastPrompt, max } = survey.stateBytes;
    checks.push({
      target: "in-progress state per teacher: max <= 2 KB, last prompt within 25 % of first",
      measured: `${firstPrompt} B first, ${lastPrompt} B last, ${max} B max`,
      met: max <= 2048 && Math.abs(lastPrompt - firstPrompt) <= 0.25 * firstPrompt,
    });
  }
  if (ran(results)) {
    const largest = results.find((r) => r.responses === TARGET_RESPONSES) ?? results.at(-1);
    if (largest) {
      const worst = Math.max(largest.overviewMs, largest.questionMs);
      const { responses, overviewMs, questionMs } = largest;
      const check = {
        target: `/stats over ${count(TARGET_RESPONSES)} responses <= 0.2 s`,
        measured: `${count(responses)} responses: overview ${overviewMs} ms, question ${questionMs} ms`,
        met: worst <= 200,
      };
      checks.push(atSize(check, responses, TARGET_RESPONSES, "responses"));
    }
  }
  if (ran(report.export)) {
    const { responses, xlsx, csv } = report.export;
    const peak = Math.max(xlsx.peakRssMb, csv.peakRssMb);
    const check = {
      target: `export of ${count(TARGET_RESPONSES)} responses, peak RSS <= 300 MB`,
      measured: `${count(responses)} responses: XLSX ${xlsx.peakRssMb} MB, CSV ${csv.peakRssMb} MB`,
      met: peak <= 300,
    };
    checks.push(atSize(check, responses, TARGET_RESPONSES, "responses"));
  }
  if (ran(reminders)) {
    const { recipients, capPerSecond, fractionOfCap, tooManyRequests } = reminders;
    const check = {
      target: `reminders to ${count(TARGET_RECIPIENTS)} teachers >= 95 % of a 30/s cap, zero 429s`,
      measured: `${count(recipients)} teachers at ${capPerSecond}/s: ${percent(fractionOfCap)}, ${tooManyRequests} x 429`,
      met: fractionOfCap >= 0.95 && tooManyRequests === 0,
    };
    checks.push(atSize(check, recipients, TARGET_RECIPIENTS, "teachers"));
  }
  return checks;
}

type Row = [string, string];

/** Bytes as KB below a megabyte, so a small export does not read "0 MB". */
function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 2 ** 20) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;
}

function surveyRows(survey: SurveyFigures): Row[] {
  const { floor } = survey;
  const s = survey.survey;
  const timing = (t: { meanUs: number; p50Us: number; p99Us: number; cpuMeanUs: number }) =>
    `${t.meanUs} / ${t.p50Us} / ${t.p99Us} us (CPU ${t.cpuMeanUs} us)`;
  return [
    [`floor: mean / p50 / p99 per update (${floor.updates} updates)`, timing(floor)],
    ["floor with the survey's 3 Bot API requests per press", timing(survey.floorWithSurveyCalls)],
    [`survey: mean / p50 / p99 per update (${s.updates} updates)`, timing(s)],
    ["survey/floor, mean per update", `${survey.surveyToFloor} (CPU ${survey.surveyToFloorCpu})`],
    [
      "survey/floor with the survey's requests",
      `${survey.surveyToFloorWithSurveyCalls} (CPU ${survey.surveyToFloorWithSurveyCallsCpu})`,
    ],
    [
      "survey: first 5 prompts, mean / p50",
      `${s.first5.meanUs} / ${s.first5.p50Us} us (CPU ${s.first5.cpuMeanUs} us)`,
    ],
    [
      "survey: last 5 prompts, mean / p50",
      `${s.last5.meanUs} / ${s.last5.p50Us} us (CPU ${s.last5.cpuMeanUs} us)`,
    ],
    [
      "last-5/first-5, means (CPU); medians",
      `${s.lastToFirst} (CPU ${s.lastToFirstCpu}); ${s.lastToFirstMedian}`,
    ],
    ["survey: Bot API requests per update (floor: 1)", `${s.requestsPerUpdate}`],
    [
      "time in Bot API requests / own code: floor",
      `${floor.requestsMeanUs} / ${floor.ownMeanUs} us`,
    ],
    [
      "  the same: floor with 3 requests",
      `${survey.floorWithSurveyCalls.requestsMeanUs} / ${survey.floorWithSurveyCalls.ownMeanUs} us`,
    ],
    ["  the same: survey", `${s.requestsMeanUs} / ${s.ownMeanUs} us`],
    ["survey/floor, own code only", `${survey.surveyToFloorOwnCode}`],
    [
      "teachers completed / prompts per teacher",
      `${survey.teachers} measured (${s.completed} in the db) / ${s.promptsPerTeacher.min}-${s.promptsPerTeacher.max}`,
    ],
    [
      "stored state per teacher: first / last prompt (max)",
      `${survey.stateBytes.firstPrompt} B / ${survey.stateBytes.lastPrompt} B (${survey.stateBytes.max} B)`,
    ],
    ["dedup keys of handled updates per teacher", `${survey.processedUpdatesBytesPerTeacher} B`],
    ["process RSS after the survey", `${survey.rssMb} MB`],
  ];
}

function sectionRows(report: BenchReport): [string, Row[] | string][] {
  const { results, reminders } = report;
  return [
    [
      "1-2. Floor and survey",
      ran(report.survey) ? surveyRows(report.survey) : report.survey.skipped,
    ],
    [
      "3. Results (median of runs)",
      ran(results)
        ? results.map(
            (r): Row => [
              `${r.responses.toLocaleString("en")} responses: overview / q20 in one district`,
              `${r.overviewMs} ms / ${r.questionMs} ms`,
            ],
          )
        : results.skipped,
    ],
    [
      "4. Export",
      ran(report.export)
        ? (["xlsx", "csv"] as const).map((format): Row => {
            const figures = report.export as ExportFigures;
            const f = figures[format];
            return [
              `${format.toUpperCase()} of ${figures.responses.toLocaleString("en")} responses`,
              `${f.seconds} s, peak RSS ${f.peakRssMb} MB, ${fileSize(f.bytes)} file`,
            ];
          })
        : report.export.skipped,
    ],
    [
      "5. Reminders",
      ran(reminders)
        ? [
            [
              `${reminders.recipients} recipients at a cap of ${reminders.capPerSecond}/s`,
              `${reminders.achievedPerSecond}/s = ${Math.round(reminders.fractionOfCap * 1000) / 10} % of the cap, ${reminders.tooManyRequests} x 429, ${reminders.sent} sent; all requests ${reminders.allRequestsPerSecond}/s`,
            ],
          ]
        : reminders.skipped,
    ],
  ];
}

/** The report as plain text: machine, one table, the targets. */
export function formatReport(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `Saualnama benchmark, ${report.mode} mode, ${report.startedAt} (${report.durationS} s)`,
    `CPU: ${machine.cpu} x ${machine.cores}; Node ${machine.node}; load average ${machine.loadAverage.start} at start, ${machine.loadAverage.end} at end`,
    "",
  ];
  const rows = sectionRows(report);
  const width = Math.max(
    ...rows.flatMap(([, content]) =>
      typeof content === "string" ? [] : content.map(([l]) => l.length),
    ),
  );
  for (const [title, content] of rows) {
    lines.push(title);
    if (typeof content === "string") lines.push(`  (not measured: ${content})`);
    else for (const [label, value] of content) lines.push(`  ${label.padEnd(width)}  ${value}`);
  }
  lines.push("", "Targets");
  const targetWidth = Math.max(...report.targets.map((check) => check.target.length));
  for (const check of report.targets) {
    const verdict = check.met === null ? "not judged" : check.met ? "met" : "MISSED";
    const why = check.notJudged ? ` (${check.notJudged})` : "";
    lines.push(
      `  ${verdict.padEnd(10)}  ${check.target.padEnd(targetWidth)}  ${check.measured}${why}`,
    );
  }
  return lines.join("\n");
}
