/**
 * The files an admin receives from /export: the XLSX workbook, or the CSV set for SPSS and R
 * (responses, SPSS syntax, codebook). Written into a folder the caller owns and removes.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Database } from "../storage/database.js";
import { type ExportOptions, resolveExport } from "./export-options.js";
import { exportColumns } from "./export-table.js";
import { spssSyntax } from "./spss-syntax.js";
import { writeCodebookCsv, writeCsv } from "./write-csv.js";
import { writeXlsx } from "./write-xlsx.js";

export type ExportFormat = "xlsx" | "csv";

/** A written file and the name the admin sees. */
export interface ExportFile {
  path: string;
  filename: string;
}

/** Writes the files of `format` into `directory`; `now` dates their names. */
export async function writeExportFiles(
  database: Database,
  format: ExportFormat,
  directory: string,
  options: ExportOptions,
  now = Date.now(),
): Promise<{ files: ExportFile[]; responses: number }> {
  const resolved = resolveExport(options);
  const stem = [
    "saualnama",
    new Date(now).toISOString().slice(0, 10),
    ...(resolved.includeInProgress ? ["all"] : []),
    ...(resolved.includeTesters ? ["testers"] : []),
  ].join("-");
  const file = (filename: string) => ({ path: join(directory, filename), filename });

  if (format === "xlsx") {
    const workbook = file(`${stem}.xlsx`);
    const { responses } = await writeXlsx(database, workbook.path, resolved);
    return { files: [workbook], responses };
  }
  const data = file(`${stem}.csv`);
  const syntax = file(`${stem}.sps`);
  const codebook = file(`${stem}-codebook.csv`);
  const { responses } = await writeCsv(database, data.path, resolved);
  const columns = exportColumns(resolved.prompts, resolved.schools, resolved);
  const t = resolved.translations.t(resolved.language);
  await writeFile(syntax.path, spssSyntax(columns, data.filename, t), "utf8");
  await writeCodebookCsv(codebook.path, resolved);
  return { files: [data, syntax, codebook], responses };
}
