/**
 * What every export writer needs: the scope, the admin's language, and the study's facts.
 * The survey and schools default to the teacher survey and no schools file, so a benchmark can
 * write an export from a database and the translations alone.
 */
import type { Language } from "../app/ports.js";
import type { Translations } from "../i18n.js";
import { loadSchools, type SchoolDirectory } from "../schools.js";
import type { PromptList } from "../survey/prompts.js";
import { loadTeacherSurvey } from "../survey-setup.js";
import type { ExportScope } from "./export-rows.js";

/** Options of writeXlsx, writeCsv and the export bundle. */
export interface ExportOptions extends Partial<ExportScope> {
  /** The language of labels in the responses sheet and of the SPSS labels. */
  language: Language;
  translations: Translations;
  prompts?: PromptList;
  schools?: SchoolDirectory;
  /** Called after each batch with responses written so far and the total to write. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/** The options with every default filled in. */
export interface ResolvedExport extends ExportScope {
  language: Language;
  translations: Translations;
  prompts: PromptList;
  schools: SchoolDirectory;
  onProgress: (done: number, total: number) => void | Promise<void>;
}

/** Fills in the defaults: finished responses of real teachers, the teacher survey. */
export function resolveExport(options: ExportOptions): ResolvedExport {
  return {
    includeInProgress: options.includeInProgress ?? false,
    includeTesters: options.includeTesters ?? false,
    language: options.language,
    translations: options.translations,
    prompts: options.prompts ?? loadTeacherSurvey(),
    schools: options.schools ?? loadSchools(undefined),
    onProgress: options.onProgress ?? (() => undefined),
  };
}
