/**
 * Privacy and study management as a staff feature: teachers' /my_data and /delete_me, the
 * admins' /backup and /end_study, the gate that closes the survey once the study has ended,
 * and the daily backup to a folder (when BACKUP_DIR is set).
 */
import { Composer, type Context } from "grammy";
import { roleOf } from "../../../app/roles.js";
import { type DailyBackup, scheduleDailyBackup } from "../../../privacy/daily-backup.js";
import type { StaffFeature } from "../staff-feature.js";
import { Confirmations } from "./confirmations.js";
import type { PrivacyDeps } from "./privacy-deps.js";
import { studyAdmin } from "./study-admin.js";
import { studyClosed } from "./study-closed.js";
import { teacherRights } from "./teacher-rights.js";

/** How long a confirmation button stays valid. */
const CONFIRMATION_TTL_MS = 10 * 60 * 1000;

/** Builds the feature for the composition root's `staff` list. */
export function createPrivacyFeature(deps: PrivacyDeps): StaffFeature {
  const confirmations = new Confirmations(CONFIRMATION_TTL_MS, deps.clock);
  const composer = new Composer<Context>();

  // Admin commands first: for anyone else they pass on and read as unknown commands.
  composer
    .filter(
      (ctx) => ctx.chat?.type === "private" && roleOf(deps.staffIds, ctx.from?.id) === "admin",
    )
    .use(studyAdmin(deps, confirmations));
  const isStaff = (ctx: Context) => roleOf(deps.staffIds, ctx.from?.id) !== "teacher";
  composer
    .filter((ctx) => ctx.chat?.type === "private")
    .use(studyClosed(deps.database, deps.translations, isStaff));
  composer.use(teacherRights(deps, confirmations));

  let daily: DailyBackup | undefined;
  return {
    composer,
    // Staff who reach the survey after the end are refused too: it would store them.
    // Teachers were refused above already.
    surveyGuard: studyClosed(deps.database, deps.translations, (ctx) => !isStaff(ctx)),
    commands: [
      { command: "backup", descriptionKey: "privacy:commands.backup", role: "admin" },
      { command: "end_study", descriptionKey: "privacy:commands.end_study", role: "admin" },
    ],
    start() {
      const folder = deps.config.BACKUP_DIR;
      if (!folder) return;
      daily = scheduleDailyBackup(
        deps.database,
        { folder, keep: deps.config.BACKUP_KEEP, pattern: deps.config.BACKUP_CRON },
        deps.logger,
      );
    },
    async stop() {
      daily?.stop();
    },
  };
}
