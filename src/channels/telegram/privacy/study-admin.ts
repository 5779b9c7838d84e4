/**
 * The admins' study management: /backup sends a consistent copy of the database, and
 * /end_study, after two confirmations, sends the final archive and then purges all personal
 * data. Every step is recorded in the audit log with the admin's id.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Composer, type Context, InputFile } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Language } from "../../../app/ports.js";
import type { Translate } from "../../../i18n.js";
import { backupName, deleteBackups, writeSnapshot } from "../../../privacy/backup.js";
import { buildFinalArchive } from "../../../privacy/final-archive.js";
import { personalDataSize, purgePersonalData, studyEndedAt } from "../../../privacy/study-end.js";
import { recordAudit } from "../../../storage/audit.js";
import { answerPress } from "../deliver.js";
import { closeMessage } from "./close-message.js";
import type { Confirmations } from "./confirmations.js";
import { languageOf } from "./language-of.js";
import { decodePrivacyButton, encodePrivacyButton } from "./privacy-buttons.js";
import type { PrivacyDeps } from "./privacy-deps.js";

/** Telegram's Bot API takes documents up to 50 MB. */
const DOCUMENT_LIMIT = 50 * 1024 * 1024;

const stepKey = (step: 1 | 2, adminId: number) => `end${step}:${adminId}`;

/** The admin commands and presses; the composer sees admins' private updates only. */
export function studyAdmin(deps: PrivacyDeps, confirmations: Confirmations): Composer<Context> {
  const composer = new Composer<Context>();
  const clock = deps.clock ?? Date.now;
  const audit = (ctx: Context, action: string, detail?: Record<string, unknown>) =>
    recordAudit(deps.database, { actor: String(ctx.from?.id), action, detail }, clock());

  composer.command("backup", async (ctx) => {
    const t = deps.translations.t(languageOf(ctx, deps.sessions));
    const folder = await mkdtemp(join(tmpdir(), "saualnama-backup-"));
    try {
      const now = clock();
      const path = join(folder, backupName(now));
      await writeSnapshot(deps.database, path);
      const { size } = await stat(path);
      if (size > DOCUMENT_LIMIT) {
        audit(ctx, "backup.too_large", { bytes: size });
        return void (await ctx.reply(t("privacy:backup.too_large")));
      }
      const counts = personalDataSize(deps.database);
      await ctx.replyWithDocument(new InputFile(path, backupName(now)), {
        caption: t("privacy:backup.caption", counts),
      });
      audit(ctx, "backup.sent", { bytes: size, ...counts });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  composer.command("end_study", async (ctx) => {
    const t = deps.translations.t(languageOf(ctx, deps.sessions));
    if (studyEndedAt(deps.database) !== undefined) {
      return void (await ctx.reply(t("privacy:end_study.already")));
    }
    const size = personalDataSize(deps.database);
    const code = confirmations.issue(stepKey(1, ctx.from?.id ?? 0));
    audit(ctx, "end_study.requested", size);
    await ctx.reply(t("privacy:end_study.step1", size), {
      reply_markup: confirmKeyboard(t, "privacy:end_study.continue", 1, code),
    });
  });

  composer.on("callback_query:data", async (ctx, next) => {
    const button = decodePrivacyButton(ctx.callbackQuery.data);
    if (button?.type !== "end" && button?.type !== "end-cancel") return next();
    const t = deps.translations.t(languageOf(ctx, deps.sessions));
    const adminId = ctx.from.id;

    if (button.type === "end-cancel") {
      confirmations.cancel(stepKey(1, adminId));
      confirmations.cancel(stepKey(2, adminId));
      audit(ctx, "end_study.cancelled");
      await answerPress(ctx);
      return closeMessage(ctx, t("privacy:end_study.cancelled"));
    }
    if (!confirmations.take(stepKey(button.step, adminId), button.code)) {
      return answerPress(ctx, t("privacy:end_study.expired"));
    }
    if (button.step === 1) {
      const code = confirmations.issue(stepKey(2, adminId));
      audit(ctx, "end_study.confirmed_once");
      await answerPress(ctx);
      const text = t("privacy:end_study.step2", personalDataSize(deps.database));
      return closeMessage(ctx, text, confirmKeyboard(t, "privacy:end_study.purge", 2, code));
    }
    await answerPress(ctx);
    await closeMessage(ctx, t("privacy:end_study.working"));
    await endStudy(ctx, t, languageOf(ctx, deps.sessions));
  });

  /** Sends the final archive; only once it is delivered is personal data purged. */
  async function endStudy(ctx: Context, t: Translate, language: Language): Promise<void> {
    const now = clock();
    const archive = await buildFinalArchive(
      deps.database,
      { prompts: deps.prompts, schools: deps.schools, translations: deps.translations, language },
      now,
    );
    if (archive.bytes.length > DOCUMENT_LIMIT) {
      audit(ctx, "end_study.archive_too_large", { bytes: archive.bytes.length });
      return void (await ctx.reply(t("privacy:end_study.archive_too_large")));
    }
    await ctx.replyWithDocument(new InputFile(archive.bytes, archive.filename), {
      caption: t("privacy:end_study.archive_caption", { responses: archive.responses }),
    });
    audit(ctx, "end_study.archive_sent", { responses: archive.responses });

    const purged = purgePersonalData(deps.database, deps.prompts, clock());
    if (!purged) return void (await ctx.reply(t("privacy:end_study.already")));
    const backups = deps.config.BACKUP_DIR ? await deleteBackups(deps.config.BACKUP_DIR) : 0;
    audit(ctx, "end_study.purged", { ...purged, backups });
    deps.logger.info({ ...purged, backups }, "study ended: personal data purged");
    await ctx.reply(t("privacy:end_study.done", { ...purged, backups }));
  }

  return composer;
}

function confirmKeyboard(
  t: Translate,
  key: string,
  step: 1 | 2,
  code: string,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t(key), callback_data: encodePrivacyButton({ type: "end", step, code }) }],
      [
        {
          text: t("privacy:end_study.cancel"),
          callback_data: encodePrivacyButton({ type: "end-cancel" }),
        },
      ],
    ],
  };
}
