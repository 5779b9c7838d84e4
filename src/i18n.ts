/**
 * Loads the locale files into i18next. Every user-facing string comes from locales/<lang>/,
 * never from code, so translators work on JSON and a parity test guards both languages.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type Resource, type TFunction } from "i18next";
import type { Language } from "./app/ports.js";

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
  return {
    t(language) {
      const t = fixed.get(language);
      if (!t) throw new Error(`no translations for ${language}`);
      return (key, params) => String(t(key, params ?? {}));
    },
  };
}
