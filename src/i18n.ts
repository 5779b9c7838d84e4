/**
 * Loads the locale files into i18next. Every user-facing string comes from locales/<lang>/,
 * never from code, so translators work on JSON and a parity test guards both languages.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type Resource, type TFunction } from "i18next";
import { LRUCache } from "lru-cache";
import type { Language } from "./app/ports.js";

/** Translations kept per language: every fixed string and the recent parametrised ones. */
const TRANSLATIONS_KEPT = 5_000;

const localesFolder = fileURLToPath(new URL("../locales", import.meta.url));

/** A translator bound to one language; keys are "namespace:path" such as "bot:buttons.back". */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Translators for both languages. */
export interface Translations {
  t(language: Language): Translate;
}

/** Reads every namespace file of both languages and returns translators over them. */
export async function loadTranslations(): Promise<Translations> {
  const resources: Resource = {};
  for (const language of ["kk", "ru"] as const) {
    const folder = join(localesFolder, language);
    resources[language] = {};
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) {
      resources[language][basename(file, ".json")] = JSON.parse(
        readFileSync(join(folder, file), "utf8"),
      );
    }
  }

  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: "kk",
    fallbackLng: false,
    ns: Object.keys(resources.kk ?? {}),
    defaultNS: "bot",
    // Telegram messages are sent as plain text, so nothing is HTML-escaped.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map<Language, TFunction>([
    ["kk", instance.getFixedT("kk")],
    ["ru", instance.getFixedT("ru")],
  ]);
  const translators = new Map<Language, Translate>();
  for (const [language, t] of fixed) {
    // Every tap renders a dozen strings (the question, its buttons, "your answer: …"), and
    // i18next resolves and interpolates each anew. The same key with the same parameters
    // always gives the same text, so recent results are kept. Parameters include answers
    // typed by teachers, hence the bound; such an answer can stay in this memory (never on
    // disk) after the teacher deletes their data, until newer texts push it out.
    const recent = new LRUCache<string, string>({ max: TRANSLATIONS_KEPT });
    translators.set(language, (key, params) => {
      const id = params === undefined ? key : `${key}\u0000${JSON.stringify(params)}`;
      let text = recent.get(id);
      if (text === undefined) {
        text = String(t(key, params ?? {}));
        recent.set(id, text);
      }
      return text;
    });
  }
  return {
    t(language) {
      const translate = translators.get(language);
      if (!translate) throw new Error(`no translations for ${language}`);
      return translate;
    },
  };
}
