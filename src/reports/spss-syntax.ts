/**
 * An SPSS syntax file that reads the CSV export with GET DATA and applies the codebook's
 * variable and value labels, so a researcher opens the data in SPSS with one Run.
 */
import type { Translate } from "../i18n.js";
import type { ExportColumn } from "./export-table.js";

/**
 * SPSS caps variable labels at 256 bytes and value labels at 120; the labels here are cut to
 * fit (Kazakh and Russian letters take two bytes). The full texts are in the codebook.
 */
const VARIABLE_LABEL_CHARS = 120;
const VALUE_LABEL_CHARS = 58;

/** The syntax for `csvFileName` (kept next to it), labelled in the language of `t`. */
export function spssSyntax(
  columns: readonly ExportColumn[],
  csvFileName: string,
  t: Translate,
): string {
  const formats = columns.map((column) => `  ${column.name} ${formatOf(column)}`);
  const variableLabels = columns.map(
    (column) => `  ${column.name} ${quote(cut(column.question(t), VARIABLE_LABEL_CHARS))}`,
  );
  const coded = columns.filter((column) => column.kind === "choice" || column.kind === "tick");
  const valueLabels = coded.map((column, index) => {
    const pairs =
      column.kind === "tick"
        ? [0, 1].map(
            (code) => `${code} ${quote(cut(t(`admin:export.tick.${code}`), VALUE_LABEL_CHARS))}`,
          )
        : column.codes.map(
            (code, position) =>
              `${position + 1} ${quote(cut(column.label(t, code), VALUE_LABEL_CHARS))}`,
          );
    return `  ${index === 0 ? "" : "/"}${column.name} ${pairs.join(" ")}`;
  });
  return [
    "* Encoding: UTF-8.",
    `* ${t("admin:export.spss_note")}`,
    "GET DATA",
    "  /TYPE=TXT",
    `  /FILE=${quote(csvFileName)}`,
    "  /ENCODING='UTF8'",
    "  /DELCASE=LINE",
    "  /DELIMITERS=','",
    "  /QUALIFIER='\"'",
    "  /ARRANGEMENT=DELIMITED",
    "  /FIRSTCASE=2",
    "  /VARIABLES=",
    ...formats,
    ".",
    "VARIABLE LABELS",
    ...variableLabels,
    ".",
    "VALUE LABELS",
    ...valueLabels,
    ".",
    "EXECUTE.",
    "",
  ].join("\n");
}

/**
 * Numbers as F, texts as strings wide enough in bytes for their longest allowed answer: four
 * bytes a character for teachers' texts (UTF-8), one for ids, codes and times.
 */
function formatOf(column: ExportColumn): string {
  if (column.kind === "text") {
    const bytes = (column.maxLength ?? 250) * (column.ascii ? 1 : 4);
    return `A${Math.min(32767, bytes)}`;
  }
  if (column.kind === "choice") return `F${String(column.codes.length).length}.0`;
  return column.kind === "tick" ? "F1.0" : "F3.0";
}

function cut(text: string, chars: number): string {
  const single = text.replace(/\s+/g, " ").trim();
  return single.length <= chars ? single : `${single.slice(0, chars - 1)}…`;
}

/** An SPSS string literal: single quotes, doubled inside. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
