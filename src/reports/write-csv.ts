/**
 * The CSV exports for SPSS and R: responses with numeric codes, and the codebook. UTF-8 with a
 * byte-order mark, so Excel also reads the Kazakh letters; written as a stream that waits for
 * the file to drain, so memory stays flat for any number of responses.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { Database } from "../storage/database.js";
import { type ExportOptions, resolveExport } from "./export-options.js";
import { countResponses, responseBatches } from "./export-rows.js";
import { type Cell, codebookRows, exportColumns, rowWriter } from "./export-table.js";

/** Writes rows to `output` through csv-stringify, respecting backpressure. */
async function writeRows(
  output: string | Writable,
  produce: (write: (row: Cell[]) => Promise<void>) => Promise<void>,
): Promise<void> {
  const csv = stringify({ bom: true });
  const target = typeof output === "string" ? createWriteStream(output) : output;
  const done = pipeline(csv, target);
  await produce(async (row) => {
    if (!csv.write(row)) await once(csv, "drain");
  });
  csv.end();
  await done;
}

/** Writes the responses with numeric codes (the codebook's), one row per response. */
export async function writeCsv(
  database: Database,
  output: string | Writable,
  options: ExportOptions,
): Promise<{ responses: number }> {
  const resolved = resolveExport(options);
  const columns = exportColumns(resolved.prompts, resolved.schools, resolved);
  const total = countResponses(database, resolved);
  const cells = rowWriter(columns, "codes", resolved.translations.t(resolved.language));
  let done = 0;
  await writeRows(output, async (write) => {
    await write(columns.map((column) => column.name));
    for await (const batch of responseBatches(database, resolved)) {
      for (const record of batch) await write(cells(record));
      done += batch.length;
      await resolved.onProgress(done, total);
    }
  });
  return { responses: total };
}

/** Writes the codebook (variable, type, question and labels in kk and ru, per code) for R. */
export async function writeCodebookCsv(
  output: string | Writable,
  options: ExportOptions,
): Promise<void> {
  const resolved = resolveExport(options);
  const columns = exportColumns(resolved.prompts, resolved.schools, resolved);
  const { translations } = resolved;
  const rows = codebookRows(columns, translations.t("kk"), translations.t("ru"));
  await writeRows(output, async (write) => {
    await write(["variable", "type", "question_kk", "question_ru", "code", "label_kk", "label_ru"]);
    for (const row of rows) {
      await write([
        row.variable,
        row.type,
        row.question_kk,
        row.question_ru,
        row.code,
        row.label_kk,
        row.label_ru,
      ]);
    }
  });
}
