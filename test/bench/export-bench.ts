/**
 * Section 4: exporting every response as XLSX and as CSV. Each export runs in a child process
 * of its own, which reports its peak resident memory (VmHWM; see export-child.ts) when done, so
 * the figure is the export's and not the benchmark's; a child that only loads the code and opens
 * the database gives the baseline every export starts from. The CSV export is the set an admin
 * receives: responses, SPSS syntax and codebook.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { trackChild } from "./cleanup.js";
import { round } from "./figures.js";

/** One export's cost. */
export interface ExportRun {
  seconds: number;
  peakRssMb: number;
  megabytes: number;
  /** The file's exact size: a small export rounds to 0 MB. */
  bytes: number;
}

/** Figures of section 4. */
export interface ExportFigures {
  responses: number;
  xlsx: ExportRun;
  csv: ExportRun;
  /** Peak RSS of a child that loads the same code and opens the database, exporting nothing. */
  baselineRssMb: number;
}

/** What the child prints as its last line. */
export interface ChildResult {
  ms: number;
  peakRssKb: number;
  bytes: number;
}

/** The formats of /export, plus "none" for the baseline. */
export type ExportFormat = "xlsx" | "csv" | "none";

const child = fileURLToPath(new URL("./export-child.ts", import.meta.url));

function runChild(
  databasePath: string,
  format: ExportFormat,
  folder: string,
): Promise<ChildResult> {
  mkdirSync(folder, { recursive: true });
  return new Promise((resolve, reject) => {
    const process_ = spawn(
      process.execPath,
      ["--import", "tsx", child, databasePath, format, folder],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    trackChild(process_);
    let output = "";
    process_.stdout.on("data", (chunk) => {
      output += String(chunk);
    });
    process_.on("error", reject);
    process_.on("close", (code) => {
      if (code !== 0) return reject(new Error(`the ${format} export child exited with ${code}`));
      const last = output.trim().split("\n").at(-1) ?? "";
      resolve(JSON.parse(last) as ChildResult);
    });
  });
}

function figures(result: ChildResult): ExportRun {
  return {
    seconds: round(result.ms / 1000, 2),
    peakRssMb: round(result.peakRssKb / 1024, 1),
    megabytes: round(result.bytes / 2 ** 20, 1),
    bytes: result.bytes,
  };
}

/** Exports the database at `path` (holding `responses` completed ones) in each format. */
export async function benchExport(
  path: string,
  responses: number,
  dir: string,
): Promise<ExportFigures> {
  const baseline = await runChild(path, "none", join(dir, "export-none"));
  const xlsx = await runChild(path, "xlsx", join(dir, "export-xlsx"));
  const csv = await runChild(path, "csv", join(dir, "export-csv"));
  return {
    responses,
    xlsx: figures(xlsx),
    csv: figures(csv),
    baselineRssMb: round(baseline.peakRssKb / 1024, 1),
  };
}
