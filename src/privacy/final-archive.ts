/**
 * The final archive an admin receives before the purge: every response (finished or not,
 * testers marked) in the export formats researchers use, plus the counts that will remain.
 * Like every export it holds pseudonymous ids only, never a chat id or a name.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import JSZip from "jszip";
import type { Language } from "../app/ports.js";
import type { Translations } from "../i18n.js";
import { writeExportFiles } from "../reports/export-files.js";
import type { SchoolDirectory } from "../schools.js";
import type { Database } from "../storage/database.js";
import type { PromptList } from "../survey/prompts.js";
import { countAggregates } from "./aggregates.js";

/** What the archive needs besides the database. */
export interface ArchiveContext {
  prompts: PromptList;
  schools: SchoolDirectory;
  translations: Translations;
  /** The language of labels in the export. */
  language: Language;
}

/** A ready archive: a ZIP file's bytes and its name. */
export interface FinalArchive {
  filename: string;
  bytes: Buffer;
  responses: number;
}

/** Builds the archive in a temporary folder, which is removed before returning. */
export async function buildFinalArchive(
  database: Database,
  context: ArchiveContext,
  now: number,
): Promise<FinalArchive> {
  const folder = await mkdtemp(join(tmpdir(), "saualnama-archive-"));
  try {
    const options = {
      language: context.language,
      translations: context.translations,
      prompts: context.prompts,
      schools: context.schools,
      includeInProgress: true,
      includeTesters: true,
    };
    const xlsx = await writeExportFiles(database, "xlsx", folder, options, now);
    const csv = await writeExportFiles(database, "csv", folder, options, now);
    const zip = new JSZip();
    for (const file of [...xlsx.files, ...csv.files]) {
      zip.file(file.filename, await readFile(file.path));
    }
    const counts = countAggregates(database, context.prompts);
    zip.file(
      "aggregate-counts.csv",
      stringify(counts, { header: true, columns: ["subject", "variable", "value", "count"] }),
    );
    const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    const date = new Date(now).toISOString().slice(0, 10);
    return { filename: `saualnama-final-${date}.zip`, bytes, responses: xlsx.responses };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
