/**
 * The columns of an export and how a response fills them: a few columns about the response
 * (pseudonymous id, status, school, language, times), then every survey variable. The same
 * columns give the labels sheet, the codes sheet and CSV, the codebook and the SPSS syntax.
 */
import type { Translate } from "../i18n.js";
import type { SchoolDirectory } from "../schools.js";
import type { PromptList } from "../survey/prompts.js";
import type { ExportScope, ResponseRecord } from "./export-rows.js";
import { surveyVariables, type VariableKind } from "./variables.js";

/** One column; `read` gives its canonical value: a code, "0"/"1", a number or a text. */
export interface ExportColumn {
  name: string;
  kind: VariableKind;
  /** For "choice": codes in order; the numeric code is the position + 1. */
  codes: readonly string[];
  /** The stored variable a survey column reads, or undefined for a column about the response. */
  source?: string;
  /** Longest text in characters, for the SPSS string width; undefined for numbers. */
  maxLength?: number;
  /** Whether the text is plain ASCII (ids, codes, times): one byte per character. */
  ascii?: boolean;
  question(t: Translate): string;
  label(t: Translate, code: string): string;
  read(record: ResponseRecord): string | null;
}

/** A cell: text, number, or empty. */
export type Cell = string | number | null;

/** Labels in the admin's language, or the numeric codes of the codebook. */
export type CellMode = "labels" | "codes";

/** Times in exports: UTC, as "2025-03-05 09:41:07", which SPSS, R and Excel all read. */
export function exportTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

/** The columns of an export of `scope`; the tester column only when testers are included. */
export function exportColumns(
  prompts: PromptList,
  schools: SchoolDirectory,
  scope: ExportScope,
): ExportColumn[] {
  const about = (key: string) => (t: Translate) => t(`admin:export.columns.${key}`);
  const plain = (_t: Translate, code: string) => code;
  const districts = prompts.survey.questions.find((question) => question.id === "q3");
  const meta: ExportColumn[] = [
    {
      name: "respondent",
      kind: "text",
      codes: [],
      ascii: true,
      maxLength: 16,
      question: about("respondent"),
      label: plain,
      read: (r) => r.respondentId,
    },
    {
      name: "status",
      kind: "choice",
      codes: ["completed", "in_progress"],
      question: about("status"),
      label: (t, code) => t(`admin:export.status.${code}`),
      read: (r) => r.status,
    },
    ...(scope.includeTesters
      ? [
          {
            name: "tester",
            kind: "tick" as const,
            codes: [],
            question: about("tester"),
            label: plain,
            read: (r: ResponseRecord) => (r.tester ? "1" : "0"),
          },
        ]
      : []),
    {
      name: "school_code",
      kind: "text",
      codes: [],
      ascii: true,
      maxLength: 64,
      question: about("school_code"),
      label: plain,
      read: (r) => r.schoolCode,
    },
    {
      name: "school_district",
      kind: "choice",
      codes: districts && "options" in districts ? districts.options : [],
      question: about("school_district"),
      label: (t, code) => t(`survey:q3.options.${code}`),
      read: (r) => (r.schoolCode ? (schools.byCode(r.schoolCode)?.district ?? null) : null),
    },
    {
      name: "language",
      kind: "choice",
      codes: ["kk", "ru"],
      question: about("language"),
      label: (t, code) => t(`bot:language.${code}`),
      read: (r) => r.language,
    },
    {
      name: "started_at",
      kind: "text",
      codes: [],
      ascii: true,
      maxLength: 19,
      question: about("started_at"),
      label: plain,
      read: (r) => exportTime(r.startedAt),
    },
    {
      name: "completed_at",
      kind: "text",
      codes: [],
      ascii: true,
      maxLength: 19,
      question: about("completed_at"),
      label: plain,
      read: (r) => exportTime(r.completedAt),
    },
  ];

  const lengths = new Map(
    prompts.prompts.flatMap((prompt) =>
      prompt.kind === "text" || prompt.kind === "other-row-text"
        ? [[prompt.id, prompt.maxLength]]
        : [],
    ),
  );
  const survey = surveyVariables(prompts).map(
    (variable): ExportColumn => ({
      ...variable,
      maxLength: lengths.get(variable.source),
      read(record) {
        const value = record.answers.get(variable.source);
        if (value === undefined || value === null) return null;
        if (variable.kind === "tick")
          return value.split(",").includes(variable.option ?? "") ? "1" : "0";
        return value;
      },
    }),
  );
  return [...meta, ...survey];
}

/**
 * Turns a response into its row of cells. Labels are looked up once per export, not once per
 * cell: an export of many responses would otherwise spend most of its time translating.
 */
export function rowWriter(
  columns: readonly ExportColumn[],
  mode: CellMode,
  t: Translate,
): (record: ResponseRecord) => Cell[] {
  const coded = columns.map((column) =>
    column.kind === "choice"
      ? new Map<string, Cell>(
          column.codes.map((code, index) => [
            code,
            mode === "labels" ? column.label(t, code) : index + 1,
          ]),
        )
      : undefined,
  );
  return (record) =>
    columns.map((column, index) => {
      const value = column.read(record);
      if (value === null || column.kind === "text") return value;
      if (column.kind === "choice") return coded[index]?.get(value) ?? null;
      return Number(value);
    });
}

/** One codebook row: a variable, or one of its codes, in both languages. */
export interface CodebookRow {
  variable: string;
  type: "numeric" | "string";
  question_kk: string;
  question_ru: string;
  code: number | null;
  label_kk: string | null;
  label_ru: string | null;
}

/** The codebook: every column, each coded column once per code. */
export function codebookRows(
  columns: readonly ExportColumn[],
  kk: Translate,
  ru: Translate,
): CodebookRow[] {
  return columns.flatMap((column): CodebookRow[] => {
    const base = {
      variable: column.name,
      type: column.kind === "text" ? ("string" as const) : ("numeric" as const),
      question_kk: column.question(kk),
      question_ru: column.question(ru),
    };
    if (column.kind === "choice") {
      return column.codes.map((code, index) => ({
        ...base,
        code: index + 1,
        label_kk: column.label(kk, code),
        label_ru: column.label(ru, code),
      }));
    }
    if (column.kind === "tick") {
      return [0, 1].map((code) => ({
        ...base,
        code,
        label_kk: kk(`admin:export.tick.${code}`),
        label_ru: ru(`admin:export.tick.${code}`),
      }));
    }
    return [{ ...base, code: null, label_kk: null, label_ru: null }];
  });
}
