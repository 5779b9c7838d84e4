/**
 * What the privacy feature needs from the composition root.
 */
import type { StaffIds } from "../../../app/roles.js";
import type { SurveySessions } from "../../../app/survey-sessions.js";
import type { Config } from "../../../config.js";
import type { Translations } from "../../../i18n.js";
import type { Logger } from "../../../logger.js";
import type { SchoolDirectory } from "../../../schools.js";
import type { Database } from "../../../storage/database.js";
import type { PromptList } from "../../../survey/prompts.js";

/** The privacy feature's dependencies. */
export interface PrivacyDeps {
  config: Pick<Config, "BACKUP_DIR" | "BACKUP_KEEP" | "BACKUP_CRON">;
  database: Database;
  sessions: SurveySessions;
  prompts: PromptList;
  schools: SchoolDirectory;
  translations: Translations;
  staffIds: StaffIds;
  logger: Logger;
  clock?: () => number;
}
