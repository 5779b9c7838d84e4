/**
 * The terminal preview end to end: it is spawned as `npm run preview` starts it, with
 * lines piped into stdin, and its stdout is read like a transcript. Expected texts come from
 * the locale files, so the tests follow the translators' wording.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseLine } from "../../../src/channels/terminal/read-input.js";
import { loadTranslations } from "../../../src/i18n.js";
import { loadTeacherSurvey } from "../../../src/survey-setup.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const translations = await loadTranslations();
const kk = translations.t("kk");
const ru = translations.t("ru");

interface Run {
  stdout: string;
  code: number | null;
  databasePath: string;
}

/** Runs the preview with `lines` on stdin; `interrupt` sends Ctrl+C once the survey shows. */
function preview(args: string[], lines: string[], interrupt = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    // As `npm run preview` starts it: node with tsx's loader, no tsx process in between (the
    // tsx command relays Ctrl+C to its child and kills it if it does not react within 30 ms).
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/channels/terminal/preview.ts", ...args],
      {
        cwd: root,
        // Its own process group, so Ctrl+C reaches every process of it, as a terminal does.
        detached: true,
      },
    );
    let stdout = "";
    let pressed = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (!interrupt || pressed || !stdout.includes("> ") || !child.pid) return;
      pressed = true;
      process.kill(-child.pid, "SIGINT");
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const databasePath = /\(preview database: (.+)\)/.exec(stdout)?.[1];
      if (!databasePath) reject(new Error(`no database line in:\n${stdout}`));
      else resolve({ stdout, code, databasePath });
    });
    if (!interrupt) child.stdin.end(lines.map((line) => `${line}\n`).join(""));
  });
}

const times = (count: number, line: string) => Array<string>(count).fill(line);

/** Consent, then every question to q21 "no", which ends the survey. */
const throughToTheEnd = [
  "1", // consent
  ...["1", "1", "1"], // q1-q3
  "5", // q4, years
  "1", // q5
  "1", // q6
  "1", // q7: tick a
  "0", // q7: done
  ...times(9, "1"), // q8-q16
  "s", // q17
  "s", // q18
  ...times(9, "1"), // q19 rows
  "2", // q19: no other row
  ...times(11, "1"), // q20 rows
  "2", // q20: no other row
  "2", // q21: no
];

const count = (text: string, part: string) => text.split(part).length - 1;

describe.concurrent("npm run preview", { timeout: 30_000 }, () => {
  it("runs to the end in Kazakh, prints what it stores, deletes its database", async () => {
    const run = await preview(["--lang", "kk"], throughToTheEnd);
    expect(run.stdout).toContain(kk("survey:intro"));
    expect(run.stdout).toContain("Сұрақ 1 / 22");
    expect(run.stdout).toContain(kk("bot:end.completed"));
    expect(run.stdout).toContain(kk("terminal:end.stored"));
    expect(run.stdout).toMatch(/^q1 = female$/m);
    expect(run.stdout).toMatch(/^q7 = a$/m);
    expect(run.stdout).toContain(`q17 = ${kk("bot:prompt.skipped")}\n`);
    expect(run.stdout).toMatch(/^q21 = no$/m);
    expect(run.stdout).not.toMatch(/^q22_1 = /m);
    expect(run.code).toBe(0);
    expect(existsSync(run.databasePath)).toBe(false);
  });

  it("answers a wrong number with the reason and the same question", async () => {
    const run = await preview(["--lang", "kk"], ["1", "9", "xx"]);
    expect(run.stdout).toContain(kk("terminal:notice.no_such_option", { count: 2 }));
    expect(run.stdout).toContain(kk("terminal:notice.pick_number", { count: 2 }));
    expect(count(run.stdout, "Сұрақ 1 / 22")).toBe(3);
    expect(run.stdout).not.toContain("Сұрақ 2 / 22");
  });

  it("goes back with b or the localized word, showing the stored answer", async () => {
    const run = await preview(["--lang", "kk"], ["1", "2", "b", "1", "артқа", "b"]);
    // The first showing, two returns, and once more after Back at the first question.
    expect(count(run.stdout, "Сұрақ 1 / 22")).toBe(4);
    expect(run.stdout).toContain(`1. ✓ ${kk("survey:q1.options.female")}`);
    expect(run.stdout).toContain(`2. ✓ ${kk("survey:q1.options.male")}`);
    expect(run.stdout).toContain(kk("bot:notice.first_prompt"));
  });

  it("ticks several options at q7 and needs one before Done", async () => {
    const lines = ["1", "1", "1", "1", "5", "1", "1", "", "1 3", "3", "0"];
    const run = await preview(["--lang", "kk"], lines);
    expect(run.stdout).toContain(kk("terminal:hint.multi"));
    expect(run.stdout).toContain(kk("bot:notice.tick_at_least"));
    expect(run.stdout).toContain("3. [x] c.");
    expect(run.stdout).toContain(kk("bot:prompt.answered", { answer: "a" }));
    expect(run.stdout).toContain("Сұрақ 8 / 22");
  });

  it("speaks Russian with --lang ru and switches language with :lang", async () => {
    const run = await preview(["--lang", "ru"], [...throughToTheEnd.slice(0, 3), ":lang kk"]);
    expect(run.stdout).toContain(ru("survey:intro"));
    expect(run.stdout).toContain("Вопрос 1 из 22");
    expect(run.stdout).toContain(
      ru("bot:prompt.answered", { answer: ru("survey:q1.options.female") }),
    );
    expect(run.stdout).toContain(kk("bot:notice.language_changed"));
    expect(run.stdout).toContain("Сұрақ 3 / 22");
  });

  it("asks for the language first without --lang, and ends on a decline", async () => {
    const run = await preview([], ["2", "2"]);
    expect(run.stdout).toContain(kk("bot:language.choose"));
    const chosen = ru("bot:language.ru");
    expect(run.stdout).toContain(ru("bot:prompt.answered", { answer: chosen }));
    expect(run.stdout).toContain(ru("survey:intro"));
    expect(run.stdout).toContain(ru("bot:end.declined"));
    expect(run.code).toBe(0);
    expect(existsSync(run.databasePath)).toBe(false);
  });

  it("deletes its database when stdin ends mid-survey", async () => {
    const run = await preview(["--lang", "kk"], ["1", "2"]);
    expect(run.stdout).toMatch(/^q1 = male$/m);
    expect(run.code).toBe(0);
    expect(existsSync(run.databasePath)).toBe(false);
  });

  it("deletes its database on Ctrl+C", async () => {
    const run = await preview(["--lang", "kk"], [], true);
    expect(run.stdout).not.toContain(kk("terminal:end.stored"));
    expect(existsSync(run.databasePath)).toBe(false);
  });
});

describe("reading a typed line", () => {
  const prompts = loadTeacherSurvey().prompts;
  const at = (id: string) => {
    const prompt = prompts.find((candidate) => candidate.id === id);
    if (!prompt) throw new Error(`no prompt ${id}`);
    return { kind: "prompt" as const, prompt, current: undefined, selected: [] };
  };

  it("takes a number as an option at a choice and as the answer at a number prompt", () => {
    expect(parseLine("2", at("q1"), kk)).toEqual({
      type: "answer",
      inputs: [{ type: "choose", code: "male" }],
    });
    expect(parseLine(" 2 ", at("q4"), kk)).toEqual({
      type: "answer",
      inputs: [{ type: "text", text: " 2 " }],
    });
  });

  it("knows back, skip and :lang in both spellings", () => {
    expect(parseLine("НАЗАД", at("q2"), ru)).toEqual({ type: "back", promptId: "q2" });
    expect(parseLine("skip", at("q17"), kk)).toEqual({
      type: "answer",
      inputs: [{ type: "skip" }],
    });
    expect(parseLine("s", at("q1"), kk)).toMatchObject({
      refusal: { key: "bot:notice.cannot_skip" },
    });
    expect(parseLine(":lang ru", at("q1"), kk)).toEqual({ type: "language", language: "ru" });
    expect(parseLine(":lang en", at("q1"), kk)).toMatchObject({ type: "refused" });
  });
});

describe("the preview's command line", () => {
  it("names a language it does not know, shows the usage and exits with 2", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "src/channels/terminal/preview.ts", "--lang", "xx"],
      { cwd: root, encoding: "utf8", input: "" },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(kk("terminal:unknown_language", { value: "xx" }));
    expect(run.stderr).toContain(kk("terminal:usage"));
    expect(run.stdout).not.toContain("preview database");
  });
});

describe("the preview's sources", () => {
  it("import nothing from grammy", () => {
    for (const file of ["preview", "render", "read-input", "choices"]) {
      const source = readFileSync(`${root}src/channels/terminal/${file}.ts`, "utf8");
      expect(source, file).not.toMatch(/from\s+["']@?grammy/);
    }
  });
});
