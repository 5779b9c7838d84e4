/**
 * /export for admins: a choice of format (XLSX, or CSV with SPSS syntax and codebook) and of
 * scope (finished responses by default; in-progress and pilot responses on request), then the
 * files as documents. A progress message shows how far a large export is, and each export is
 * recorded in the audit log.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Composer, type Context, InputFile } from "grammy";
import { type ExportFormat, writeExportFiles } from "../../../reports/export-files.js";
import { countResponses, type ExportScope } from "../../../reports/export-rows.js";
import { recordAudit } from "../../../storage/audit.js";
import { answerPress, isHarmlessEditError } from "../deliver.js";
import { type AdminDeps, type Keyboard, languageOf, showText } from "./admin-context.js";

/**
 * Telegram's Bot API takes documents up to 50 MB; a self-hosted Bot API server (BOT_API_ROOT)
 * takes far more, but the bot cannot tell which it talks to. An XLSX of more than about 78,000
 * responses exceeds it (measured: 57 MB for 89,627); the CSV is less than half that size.
 */
const DOCUMENT_LIMIT = 50 * 1024 * 1024;

/** Progress edits at most this often: Telegram limits edits per chat. */
const PROGRESS_EVERY_MS = 2000;

const dataPattern = /^ex:([mxc]):(a?t?)$/;

function encode(action: "m" | "x" | "c", scope: ExportScope): string {
  return `ex:${action}:${scope.includeInProgress ? "a" : ""}${scope.includeTesters ? "t" : ""}`;
}

/** The /export command and the presses of its menu. */
export function exportHandlers(deps: AdminDeps): Composer<Context> {
  const composer = new Composer<Context>();

  function menu(ctx: Context, scope: ExportScope): { text: string; keyboard: Keyboard } {
    const t = deps.translations.t(languageOf(ctx, deps));
    const count = countResponses(deps.database, scope);
    const text = [
      t("admin:export.title"),
      "",
      t("admin:export.count", { count }),
      t(scope.includeInProgress ? "admin:export.scope_all" : "admin:export.scope_completed"),
      t(scope.includeTesters ? "admin:export.scope_testers" : "admin:export.scope_no_testers"),
    ].join("\n");
    const toggle = (key: string, next: ExportScope) => ({
      text: t(key),
      callback_data: encode("m", next),
    });
    const keyboard: Keyboard = [
      [
        { text: t("admin:export.xlsx"), callback_data: encode("x", scope) },
        { text: t("admin:export.csv"), callback_data: encode("c", scope) },
      ],
      [
        toggle(
          scope.includeInProgress ? "admin:export.toggle_completed" : "admin:export.toggle_all",
          {
            ...scope,
            includeInProgress: !scope.includeInProgress,
          },
        ),
      ],
      [
        toggle(
          scope.includeTesters ? "admin:export.toggle_no_testers" : "admin:export.toggle_testers",
          {
            ...scope,
            includeTesters: !scope.includeTesters,
          },
        ),
      ],
    ];
    return { text, keyboard };
  }

  /** Builds the files in a temporary folder, sends them, and records the export. */
  async function deliver(ctx: Context, format: ExportFormat, scope: ExportScope): Promise<void> {
    const language = languageOf(ctx, deps);
    const t = deps.translations.t(language);
    const progress = await ctx.reply(t("admin:export.progress", { percent: 0 }));
    let lastEdit = Date.now();
    const edit = async (text: string) => {
      try {
        await ctx.api.editMessageText(progress.chat.id, progress.message_id, text);
      } catch (error) {
        if (!isHarmlessEditError(error)) throw error;
      }
    };

    const folder = await mkdtemp(join(tmpdir(), "saualnama-export-"));
    try {
      const { files, responses } = await writeExportFiles(deps.database, format, folder, {
        ...scope,
        language,
        translations: deps.translations,
        prompts: deps.prompts,
        schools: deps.schools,
        onProgress: async (done, total) => {
          if (Date.now() - lastEdit < PROGRESS_EVERY_MS || total === 0) return;
          lastEdit = Date.now();
          await edit(t("admin:export.progress", { percent: Math.floor((100 * done) / total) }));
        },
      });
      for (const file of files) {
        const { size } = await stat(file.path);
        if (size > DOCUMENT_LIMIT) {
          const megabytes = Math.ceil(size / 1024 / 1024);
          await ctx.reply(t("admin:export.too_large", { file: file.filename, megabytes }));
          continue;
        }
        await ctx.replyWithDocument(new InputFile(file.path, file.filename));
      }
      await edit(t("admin:export.done", { count: responses }));
      recordAudit(deps.database, {
        actor: String(ctx.from?.id ?? "unknown"),
        action: "export",
        detail: { format, ...scope, responses, files: files.map((file) => file.filename) },
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  composer.command("export", async (ctx) => {
    const scope = { includeInProgress: /\ball\b/i.test(ctx.match), includeTesters: false };
    const { text, keyboard } = menu(ctx, scope);
    await showText(ctx, text, keyboard);
  });

  composer.callbackQuery(/^ex:/, async (ctx) => {
    const match = dataPattern.exec(ctx.callbackQuery.data);
    const t = deps.translations.t(languageOf(ctx, deps));
    if (!match) return answerPress(ctx, t("admin:menu.stale"));
    const flags = match[2] ?? "";
    const scope = { includeInProgress: flags.includes("a"), includeTesters: flags.includes("t") };
    if (match[1] === "m") {
      await answerPress(ctx);
      const { text, keyboard } = menu(ctx, scope);
      return showText(ctx, text, keyboard);
    }
    await answerPress(ctx, t("admin:export.started"));
    await deliver(ctx, match[1] === "x" ? "xlsx" : "csv", scope);
  });

  return composer;
}
