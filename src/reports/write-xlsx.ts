/**
 * The XLSX export, written with exceljs's streaming writer: rows go to the zip as they are
 * made, one sheet after another, so memory stays flat for any number of responses. Sheets:
 * responses with labels in the admin's language, the same with numeric codes, the codebook,
 * and the open answers.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Database } from "../storage/database.js";
import { type ExportOptions, type ResolvedExport, resolveExport } from "./export-options.js";
import { countResponses, responseBatches } from "./export-rows.js";
import {
  type CellMode,
  codebookRows,
  type ExportColumn,
  exportColumns,
  rowWriter,
} from "./export-table.js";

type Sheet = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter["addWorksheet"]>;

/** Writes the workbook to a file path or a stream; resolves with the number of responses. */
export async function writeXlsx(
  database: Database,
  output: string | Writable,
  options: ExportOptions,
): Promise<{ responses: number }> {
  const resolved = resolveExport(options);
  const { translations, language } = resolved;
  const t = translations.t(language);
  const columns = exportColumns(resolved.prompts, resolved.schools, resolved);
  const total = countResponses(database, resolved);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof output === "string" ? { filename: output } : { stream: output }),
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = (key: string) =>
    workbook.addWorksheet(t(`admin:export.sheets.${key}`), {
      views: [{ state: "frozen", ySplit: 1 }],
    });

  // Three passes over the responses: labels, codes, open answers (a third of the work each).
  let done = 0;
  const progress = async (count: number) => {
    done += count;
    await resolved.onProgress(done, total * 3);
  };
  await responsesSheet(sheet("labels"), "labels", database, columns, resolved, progress);
  await responsesSheet(sheet("codes"), "codes", database, columns, resolved, progress);
  codebookSheet(sheet("codebook"), columns, resolved);
  await openAnswersSheet(sheet("open_answers"), database, columns, resolved, progress);
  await workbook.commit();
  return { responses: total };
}

async function responsesSheet(
  sheet: Sheet,
  mode: CellMode,
  database: Database,
  columns: readonly ExportColumn[],
  options: ResolvedExport,
  progress: (count: number) => Promise<void>,
): Promise<void> {
  const cells = rowWriter(columns, mode, options.translations.t(options.language));
  sheet.addRow(columns.map((column) => column.name)).commit();
  for await (const batch of responseBatches(database, options)) {
    for (const record of batch) sheet.addRow(cells(record)).commit();
    await drained(sheet);
    await progress(batch.length);
  }
  sheet.commit();
}

function codebookSheet(
  sheet: Sheet,
  columns: readonly ExportColumn[],
  options: ResolvedExport,
): void {
  const rows = codebookRows(columns, options.translations.t("kk"), options.translations.t("ru"));
  sheet
    .addRow(["variable", "type", "question_kk", "question_ru", "code", "label_kk", "label_ru"])
    .commit();
  for (const row of rows) {
    sheet
      .addRow([
        row.variable,
        row.type,
        row.question_kk,
        row.question_ru,
        row.code,
        row.label_kk,
        row.label_ru,
      ])
      .commit();
  }
  sheet.commit();
}

/** Every free-text answer in long form: one row per respondent and variable. */
async function openAnswersSheet(
  sheet: Sheet,
  database: Database,
  columns: readonly ExportColumn[],
  options: ResolvedExport,
  progress: (count: number) => Promise<void>,
): Promise<void> {
  const t = options.translations.t(options.language);
  const texts = columns.filter((column) => column.kind === "text" && column.source !== undefined);
  const sources = texts.flatMap((column) => (column.source ? [column.source] : []));
  const questions = new Map(texts.map((column) => [column.name, column.question(t)]));
  sheet.addRow(["respondent", "variable", "question", "answer"]).commit();
  for await (const batch of responseBatches(database, options, sources)) {
    for (const record of batch) {
      for (const column of texts) {
        const answer = column.read(record);
        if (answer !== null) {
          sheet
            .addRow([record.respondentId, column.name, questions.get(column.name), answer])
            .commit();
        }
      }
    }
    await drained(sheet);
    await progress(batch.length);
  }
  sheet.commit();
}

/** Bytes a sheet may have waiting for the zip before the writer pauses. */
const MAX_PENDING = 1 << 20;

/**
 * exceljs's sheet stream accepts every write and hands it to the zip's input stream without
 * waiting, so rows made faster than they are compressed pile up in memory (hundreds of MB for
 * 100,000 responses). After each batch the writer waits for that input stream to drain. The
 * stream is an older readable-stream PassThrough, which reports its backlog only in
 * `_writableState`; if exceljs changes this, the wait is skipped and memory grows again.
 */
async function drained(sheet: Sheet): Promise<void> {
  const next = (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];
  for (const stream of next) {
    const state = (stream as unknown as { _writableState?: { length?: number } })._writableState;
    if ((state?.length ?? 0) > MAX_PENDING) await once(stream, "drain");
  }
}
