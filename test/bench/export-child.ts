/**
 * One export in a process of its own: `export-child.ts <database> <xlsx|csv|none> <folder>`.
 * Writes what /export sends an admin (writeExportFiles) and prints {ms, peakRssKb, bytes} as
 * its last line; "none" loads the same code and opens the database only. See export-bench.ts.
 */
import { readFileSync, statSync } from "node:fs";
import { loadTranslations } from "../../src/i18n.js";
import { writeExportFiles } from "../../src/reports/export-files.js";
import { openDatabase } from "../../src/storage/database.js";
import type { ChildResult, ExportFormat } from "./export-bench.js";

/**
 * This process's peak resident memory. Linux keeps getrusage's maxRSS across fork and exec, so
 * a child of the (large) benchmark process would report the parent's size; VmHWM belongs to
 * this process's own memory map. Elsewhere maxRSS is the best there is.
 */
function peakRssKb(): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (hwm) return Number(hwm);
  } catch {
    // No /proc (not Linux): fall through to getrusage.
  }
  return process.resourceUsage().maxRSS;
}

const [databasePath, format, folder] = process.argv.slice(2) as [string, ExportFormat, string];
const translations = await loadTranslations();
const database = openDatabase(databasePath);
const started = performance.now();
let bytes = 0;
if (format !== "none") {
  const { files } = await writeExportFiles(database, format, folder, {
    language: "kk",
    translations,
  });
  bytes = files.reduce((total, file) => total + statSync(file.path).size, 0);
}
const ms = performance.now() - started;
database.close();
const result: ChildResult = { ms, peakRssKb: peakRssKb(), bytes };
console.log(JSON.stringify(result));
