/**
 * Parity of the locale files: Kazakh and Russian must offer the same keys, no empty texts,
 * the same interpolation placeholders, and survey.json must label exactly the codes of the
 * survey definition. Reads only the project's own locales/ folder.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { teacherSurvey } from "../src/surveys/teacher-survey.js";

const LANGS = ["kk", "ru"] as const;
type Lang = (typeof LANGS)[number];

const LOCALES = new URL("../locales/", import.meta.url);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON files of one language, as paths relative to locales/<lang>/ with "/" separators. */
function jsonFiles(lang: Lang): string[] {
  const dir = new URL(`${lang}/`, LOCALES);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { encoding: "utf8", recursive: true })
    .map((name) => name.split("\\").join("/"))
    .filter((name) => name.endsWith(".json"))
    .sort();
}

function readJson(lang: Lang, file: string): Json {
  const url = new URL(`${lang}/${file}`, LOCALES);
  try {
    return JSON.parse(readFileSync(url, "utf8")) as Json;
  } catch (error) {
    throw new Error(`locales/${lang}/${file} is not valid JSON: ${String(error)}`);
  }
}

/** Flattens nested objects (and arrays) into i18next keys: { "q8.options.1": "..." }. */
function flatten(value: Json, prefix = "", out = new Map<string, Json>()): Map<string, Json> {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value);
    // An empty object or array is a value with nothing in it: keep it so it is reported.
    if (entries.length === 0 && prefix !== "") out.set(prefix, value);
    for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/**
 * i18next plural forms differ by language (kk: _one/_other, ru: _one/_few/_many/_other),
 * so keys are compared with their plural suffix folded into one marker.
 */
const PLURAL = /_(ordinal_)?(zero|one|two|few|many|other)$/;

function pluralBase(key: string): string {
  return key.replace(PLURAL, (_, ordinal?: string) => (ordinal ? "_{ordinal}" : "_{plural}"));
}

/** Every file of both languages, loaded once. */
const files = [...new Set(LANGS.flatMap((lang) => jsonFiles(lang)))].sort();
const loaded = new Map(
  files.map((file) => [
    file,
    Object.fromEntries(
      LANGS.map((lang) => {
        const present = jsonFiles(lang).includes(file);
        return [lang, present ? flatten(readJson(lang, file)) : undefined];
      }),
    ) as Record<Lang, Map<string, Json> | undefined>,
  ]),
);

/** Files both languages have; a file one language lacks fails the test above instead. */
const shared = files.filter((file) => LANGS.every((lang) => loaded.get(file)?.[lang]));

function keysOf(file: string, lang: Lang): Map<string, Json> {
  const keys = loaded.get(file)?.[lang];
  if (!keys) throw new Error(`locales/${lang}/${file} is missing`);
  return keys;
}

/** Placeholder names of a text: "{{count}} of {{- total, number}}" gives count, total. */
function placeholders(value: Json): string[] {
  if (typeof value !== "string") return [];
  const names = [...value.matchAll(/\{\{\s*-?\s*([^\s,}]+)[^}]*\}\}/g)].map((match) => match[1]);
  return [...new Set(names)].filter((name): name is string => name !== undefined).sort();
}

describe("locale files", () => {
  it("exist for both languages, including survey.json", () => {
    for (const lang of LANGS) expect(jsonFiles(lang), `locales/${lang}`).toContain("survey.json");
    const missing = files.flatMap((file) =>
      LANGS.filter((lang) => !jsonFiles(lang).includes(file)).map(
        (lang) => `locales/${lang}/${file}`,
      ),
    );
    expect(missing, "locale files missing in one language").toEqual([]);
  });

  it.each(shared)("%s has the same keys in kk and ru", (file) => {
    const normalised = Object.fromEntries(
      LANGS.map((lang) => [lang, new Set([...keysOf(file, lang).keys()].map(pluralBase))]),
    ) as Record<Lang, Set<string>>;
    const missing: Record<string, string[]> = {};
    for (const lang of LANGS) {
      const others = LANGS.filter((other) => other !== lang);
      const absent = new Set(
        others.flatMap((other) => [...normalised[other]].filter((k) => !normalised[lang].has(k))),
      );
      if (absent.size > 0) missing[lang] = [...absent].sort();
    }
    expect(missing, `keys missing per language in ${file}`).toEqual({});
  });

  it.each(shared)("%s has every plural form each language needs", (file) => {
    const problems: string[] = [];
    // A key is plural when, in either language, it comes in two or more plural forms.
    const groups = new Map<string, Record<Lang, Set<string>>>();
    for (const lang of LANGS) {
      for (const key of keysOf(file, lang).keys()) {
        const match = PLURAL.exec(key);
        if (!match) continue;
        const base = pluralBase(key);
        const group =
          groups.get(base) ??
          (Object.fromEntries(LANGS.map((l) => [l, new Set<string>()])) as Record<
            Lang,
            Set<string>
          >);
        group[lang].add(match[2] as string);
        groups.set(base, group);
      }
    }
    for (const [base, forms] of groups) {
      if (!LANGS.some((lang) => forms[lang].size > 1)) continue;
      const ordinal = base.endsWith("_{ordinal}");
      for (const lang of LANGS) {
        const rules = new Intl.PluralRules(lang, { type: ordinal ? "ordinal" : "cardinal" });
        const needed = rules.resolvedOptions().pluralCategories;
        const lacking = needed.filter((category) => !forms[lang].has(category));
        const extra = [...forms[lang]].filter(
          (category) => category !== "zero" && !needed.includes(category as never),
        );
        if (lacking.length > 0) problems.push(`${lang} ${base}: missing ${lacking.join(", ")}`);
        if (extra.length > 0) problems.push(`${lang} ${base}: unused ${extra.join(", ")}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(shared)("%s has no empty values", (file) => {
    const empty: string[] = [];
    for (const lang of LANGS) {
      for (const [key, value] of keysOf(file, lang)) {
        if (typeof value !== "string")
          empty.push(`${lang} ${key}: not a text (${JSON.stringify(value)})`);
        else if (value.trim() === "") empty.push(`${lang} ${key}: empty`);
      }
    }
    expect(empty).toEqual([]);
  });

  it.each(shared)("%s uses the same {{placeholders}} in kk and ru", (file) => {
    const byKey = new Map<string, Record<string, Set<string>>>();
    for (const lang of LANGS) {
      for (const [key, value] of keysOf(file, lang)) {
        const base = pluralBase(key);
        const entry = byKey.get(base) ?? {};
        entry[lang] ??= new Set();
        for (const name of placeholders(value)) entry[lang].add(name);
        byKey.set(base, entry);
      }
    }
    const mismatched: string[] = [];
    for (const [key, entry] of byKey) {
      const lists = LANGS.map((lang) => [...(entry[lang] ?? [])].sort().join(", "));
      if (new Set(lists).size > 1) {
        mismatched.push(`${key}: ${LANGS.map((lang, i) => `${lang} [${lists[i]}]`).join(" vs ")}`);
      }
    }
    expect(mismatched).toEqual([]);
  });
});

describe("survey.json and the survey definition", () => {
  /** The nested survey texts of one language. */
  function surveyTexts(lang: Lang): Record<string, Json> {
    const json = readJson(lang, "survey.json");
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw new Error(`locales/${lang}/survey.json must hold an object`);
    }
    return json;
  }

  function objectAt(value: Json | undefined): Record<string, Json> | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  }

  /** Compares the labelled codes with the definition's codes, both ways. */
  function compareCodes(
    where: string,
    expected: readonly string[] | undefined,
    labels: Json | undefined,
    problems: string[],
  ): void {
    const object = objectAt(labels);
    if (expected === undefined) {
      if (labels !== undefined) problems.push(`${where}: the definition has no such codes`);
      return;
    }
    if (!object) {
      problems.push(`${where}: missing`);
      return;
    }
    for (const code of expected) {
      const label = object[code];
      if (typeof label !== "string" || label.trim() === "") {
        problems.push(`${where}.${code}: no label`);
      }
    }
    for (const code of Object.keys(object)) {
      if (!expected.includes(code)) problems.push(`${where}.${code}: not a code of the definition`);
    }
  }

  it.each(LANGS)("%s labels exactly the definition's codes", (lang) => {
    const texts = surveyTexts(lang);
    const problems: string[] = [];
    const ids = new Set(teacherSurvey.questions.map((question) => question.id));

    for (const question of teacherSurvey.questions) {
      const at = question.id;
      const entry = objectAt(texts[at]);
      if (!entry) {
        problems.push(`${at}: missing`);
        continue;
      }
      if (typeof entry.text !== "string" || entry.text.trim() === "") {
        problems.push(`${at}.text: missing`);
      }
      const options =
        question.kind === "single" || question.kind === "multi" ? question.options : undefined;
      const matrix = question.kind === "matrix" ? question : undefined;
      compareCodes(`${at}.options`, options, entry.options, problems);
      compareCodes(`${at}.rows`, matrix?.rows, entry.rows, problems);
      compareCodes(`${at}.columns`, matrix?.columns, entry.columns, problems);

      if (question.kind === "single" && question.other !== undefined) {
        if (typeof entry.other !== "string") problems.push(`${at}.other: no prompt for "other"`);
      }
      if (matrix) {
        const otherRow = objectAt(entry.otherRow);
        if (matrix.otherRow !== undefined) {
          for (const part of ["label", "ask", "text"]) {
            if (typeof otherRow?.[part] !== "string")
              problems.push(`${at}.otherRow.${part}: missing`);
          }
        } else if (entry.otherRow !== undefined) {
          problems.push(`${at}.otherRow: the definition has no other row`);
        }
      }
    }

    for (const key of Object.keys(texts)) {
      if (/^q[0-9]+$/.test(key) && !ids.has(key)) {
        problems.push(`${key}: not a question of the definition`);
      }
    }

    const sections = objectAt(texts.sections) ?? {};
    for (const section of new Set(teacherSurvey.questions.map((question) => question.section))) {
      if (typeof sections[section] !== "string") problems.push(`sections.${section}: missing`);
    }

    expect(problems).toEqual([]);
  });
});
