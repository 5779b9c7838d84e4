/**
 * /export end to end: the admin receives an XLSX workbook and the CSV set for SPSS and R as
 * documents; the test parses them back and checks them cell by cell against the seeded
 * responses, with labels and codes rebuilt here from the survey definition and the locales.
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTranslations, type Translate } from "../../src/i18n.js";
import { teacherSurvey } from "../../src/surveys/teacher-survey.js";
import { type AdminRig, latestText, startAdminRig } from "../reports/admin-rig.js";
import type { SeededResponse } from "../reports/seed-responses.js";
import type { ApiCall } from "../support/bot-api-emulator.js";

let admin: AdminRig;
let t: Translate;
let ru: Translate;

beforeAll(async () => {
  admin = await startAdminRig({ seed: { count: 220, seed: 5, testers: 0.05 } });
  const translations = await loadTranslations();
  t = translations.t("kk");
  ru = translations.t("ru");
});
afterAll(async () => {
  await admin?.close();
});

const SCHOOL_DISTRICTS: Record<string, string> = {
  SCH01: "talgar",
  SCH02: "ile",
  SCH03: "konaev",
  SCH04: "karasay",
  SCH05: "zhambyl",
  SCH06: "enbekshi",
};

/** The options of a question, or the columns of a matrix, by question id. */
function codesOf(questionId: string): string[] {
  const question = teacherSurvey.questions.find((q) => q.id === questionId);
  if (!question) throw new Error(questionId);
  if (question.kind === "matrix") return question.columns;
  return "options" in question ? question.options : [];
}

const time = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** The cell a variable should hold for a response, rebuilt from the variable's name. */
function expectedCell(
  r: SeededResponse,
  variable: string,
  mode: "labels" | "codes",
): string | number | null {
  const fixed: Record<string, () => string | number | null> = {
    respondent: () => r.id,
    status: () =>
      mode === "codes"
        ? r.stage === "completed"
          ? 1
          : 2
        : t(`admin:export.status.${r.stage === "completed" ? "completed" : "in_progress"}`),
    school_code: () => r.schoolCode,
    school_district: () => {
      const district = r.schoolCode ? SCHOOL_DISTRICTS[r.schoolCode] : undefined;
      if (!district) return null;
      return mode === "codes"
        ? codesOf("q3").indexOf(district) + 1
        : t(`survey:q3.options.${district}`);
    },
    language: () =>
      r.language === null
        ? null
        : mode === "codes"
          ? r.language === "kk"
            ? 1
            : 2
          : t(`bot:language.${r.language}`),
    started_at: () => time(r.startedAt),
    completed_at: () => time(r.completedAt),
  };
  if (fixed[variable]) return (fixed[variable] as () => string | number | null)();

  const tick = /^q7_([a-i])$/.exec(variable);
  if (tick) {
    const stored = r.answers.get("q7");
    return stored === undefined || stored === null
      ? null
      : stored.split(",").includes(tick[1] as string)
        ? 1
        : 0;
  }
  const value = r.answers.get(variable);
  if (value === undefined || value === null) return null;
  if (variable === "q4") return Number(value);
  if (/_other$|_text$|^q1[78]$/.test(variable)) return value;
  const questionId = variable.split("_")[0] as string;
  if (variable.endsWith("_has")) {
    return mode === "codes" ? (value === "yes" ? 1 : 2) : t(`bot:buttons.${value}`);
  }
  if (mode === "codes") return codesOf(questionId).indexOf(value) + 1;
  const matrix = variable.includes("_");
  return t(`survey:${questionId}.${matrix ? "columns" : "options"}.${value}`);
}

/** Responses an export of this scope holds, in the order they started. */
function inScope(includeInProgress: boolean): SeededResponse[] {
  return admin.seeded.filter(
    (r) => !r.tester && (r.stage === "completed" || (includeInProgress && r.stage === "answering")),
  );
}

/** Presses an export button and waits until the bot reports the export done. */
async function exportWith(button: string): Promise<ApiCall[]> {
  const since = admin.rig.emu.calls.length;
  await admin.press(button);
  await admin.rig.emu.waitFor(
    (call) => call.method === "editMessageText" && String(call.params.text).startsWith("✅"),
    { since, timeoutMs: 20_000, description: "the export's done message" },
  );
  return admin.rig.emu.calls.slice(since);
}

function documents(calls: ApiCall[]) {
  return calls
    .filter((call) => call.method === "sendDocument" && call.response.ok)
    .map((call) => call.files[0])
    .filter((file) => file !== undefined);
}

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

function rowsOf(sheet: ExcelJS.Worksheet | undefined): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as unknown[]).slice(1);
    const width = sheet.getRow(1).cellCount;
    rows.push(
      Array.from({ length: width }, (_, i) => (values[i] ?? null) as string | number | null),
    );
  });
  return rows;
}

describe("/export for an admin", () => {
  it("sends an XLSX whose sheets match the responses cell by cell", async () => {
    await admin.command("/export");
    expect(latestText(admin)).toContain(t("admin:export.count", { count: inScope(false).length }));
    const calls = await exportWith(t("admin:export.xlsx"));
    expect(
      calls.some(
        (call) => call.method === "sendMessage" && String(call.params.text).startsWith("⏳"),
      ),
    ).toBe(true);
    const [file] = documents(calls);
    expect(file?.filename).toMatch(/^saualnama-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = await workbookOf(file?.bytes ?? Buffer.alloc(0));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(
      ["labels", "codes", "codebook", "open_answers"].map((key) => t(`admin:export.sheets.${key}`)),
    );

    const responses = inScope(false);
    for (const [key, mode] of [
      ["labels", "labels"],
      ["codes", "codes"],
    ] as const) {
      const [header, ...rows] = rowsOf(workbook.getWorksheet(t(`admin:export.sheets.${key}`)));
      expect(header?.slice(0, 7)).toEqual([
        "respondent",
        "status",
        "school_code",
        "school_district",
        "language",
        "started_at",
        "completed_at",
      ]);
      expect(header).toContain("q19_3");
      expect(header).toContain("q7_i");
      expect(header).toContain("q5_other");
      expect(rows).toHaveLength(responses.length);
      rows.forEach((row, index) => {
        const r = responses[index] as SeededResponse;
        const expected = (header ?? []).map((variable) => expectedCell(r, String(variable), mode));
        expect(row, `${key} row of ${r.id}`).toEqual(expected);
      });
    }

    const codebook = rowsOf(workbook.getWorksheet(t("admin:export.sheets.codebook")));
    expect(codebook).toContainEqual([
      "q1",
      "numeric",
      t("survey:q1.text"),
      ru("survey:q1.text"),
      1,
      "Әйел",
      "Женский",
    ]);
    expect(codebook).toContainEqual([
      "q17",
      "string",
      t("survey:q17.text"),
      ru("survey:q17.text"),
      null,
      null,
      null,
    ]);

    const open = rowsOf(workbook.getWorksheet(t("admin:export.sheets.open_answers"))).slice(1);
    const texts = responses.flatMap((r) =>
      [...r.answers].filter(
        ([variable, value]) => value !== null && /_other$|_text$|^q1[78]$/.test(variable),
      ),
    );
    expect(open).toHaveLength(texts.length);
    expect(open.map((row) => row[3])).toEqual(
      expect.arrayContaining(texts.map(([, value]) => value)),
    );
  });

  it("sends the CSV set: codes with a BOM, SPSS syntax that reads it, and the codebook", async () => {
    await admin.command("/export");
    const files = documents(await exportWith(t("admin:export.csv")));
    expect(files.map((file) => file?.filename.replace(/\d{4}-\d{2}-\d{2}/, "DATE"))).toEqual([
      "saualnama-DATE.csv",
      "saualnama-DATE.sps",
      "saualnama-DATE-codebook.csv",
    ]);
    const [data, syntax, codebook] = files.map((file) => file?.bytes ?? Buffer.alloc(0));
    expect(data?.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: Record<string, string>[] = parse(data ?? "", { bom: true, columns: true });
    const responses = inScope(false);
    expect(rows).toHaveLength(responses.length);
    rows.forEach((row, index) => {
      const r = responses[index] as SeededResponse;
      for (const [variable, text] of Object.entries(row)) {
        const expected = expectedCell(r, variable, "codes");
        expect(text, `${variable} of ${r.id}`).toBe(expected === null ? "" : String(expected));
      }
    });

    const sps = syntax?.toString("utf8") ?? "";
    expect(sps).toContain(`/FILE='${files[0]?.filename}'`);
    expect(sps).toMatch(/\n {2}q4 F3\.0\n/);
    expect(sps).toContain(`q1 '${t("survey:q1.text")}'`);
    expect(sps).toContain("/q1 1 'Әйел' 2 'Ер'");
    for (const variable of Object.keys(rows[0] ?? {}))
      expect(sps).toMatch(new RegExp(`\\n {2}${variable} [AF]\\d`));

    const book: Record<string, string>[] = parse(codebook ?? "", { bom: true, columns: true });
    expect(book).toContainEqual({
      variable: "q21",
      type: "numeric",
      question_kk: t("survey:q21.text"),
      question_ru: ru("survey:q21.text"),
      code: "2",
      label_kk: "Жоқ",
      label_ru: "Нет",
    });
  });

  it("adds in-progress responses on request, marked in the status column", async () => {
    await admin.command("/export");
    await admin.press(t("admin:export.toggle_all"));
    expect(latestText(admin)).toContain(t("admin:export.count", { count: inScope(true).length }));
    const [file] = documents(await exportWith(t("admin:export.xlsx")));
    expect(file?.filename).toMatch(/-all\.xlsx$/);
    const workbook = await workbookOf(file?.bytes ?? Buffer.alloc(0));
    const [header, ...rows] = rowsOf(workbook.getWorksheet(t("admin:export.sheets.labels")));
    const responses = inScope(true);
    expect(rows).toHaveLength(responses.length);
    expect(rows.filter((row) => row[1] === t("admin:export.status.in_progress")).length).toBe(
      responses.filter((r) => r.stage === "answering").length,
    );
    rows.forEach((row, index) => {
      const r = responses[index] as SeededResponse;
      expect(row).toEqual(
        (header ?? []).map((variable) => expectedCell(r, String(variable), "labels")),
      );
    });
  });

  it("leaves out testers, Telegram ids and usernames, and records each export", () => {
    const sent = admin.rig.emu
      .callsTo("sendDocument")
      .flatMap((call) => call.files)
      .filter((file) => !file.filename.endsWith(".xlsx"))
      .map((file) => file.bytes.toString("utf8"))
      .join("\n");
    expect(sent.length).toBeGreaterThan(1000);
    for (const r of admin.seeded) {
      expect(sent).not.toContain(r.address);
      if (r.tester) expect(sent).not.toContain(r.id);
    }
    expect(sent).not.toContain(String(admin.admin.chatId));
    expect(sent).not.toContain("aliya_admin");

    const db = admin.rig.readDb();
    const audit = db
      .prepare("SELECT actor, action, detail FROM audit_log WHERE action = 'export'")
      .all() as {
      actor: string;
      detail: string;
    }[];
    db.close();
    expect(audit).toHaveLength(3);
    expect(audit.every((entry) => entry.actor === String(admin.admin.chatId))).toBe(true);
    expect(JSON.parse(audit[0]?.detail ?? "{}")).toMatchObject({
      format: "xlsx",
      includeInProgress: false,
      responses: inScope(false).length,
    });
  });
});
