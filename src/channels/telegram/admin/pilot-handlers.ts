/**
 * Pilot mode for admins. /tester lists the newest respondents (pseudonymous ids, start time,
 * stage) with a button to flag or unflag each as a tester; "/tester R… on|off" does the same by
 * id. /pilot lets an admin take the survey themselves as a test, again after finishing.
 */
import { Composer, type Context } from "grammy";
import { studyEndedAt } from "../../../privacy/study-end.js";
import {
  flagStaffResponse,
  isTester,
  recentRespondents,
  respondentAt,
  restartTestResponse,
  setTester,
} from "../../../reports/pilot.js";
import { recordAudit } from "../../../storage/audit.js";
import { answerPress } from "../deliver.js";
import { addressOf, updateKeyOf } from "../survey-handlers.js";
import { type AdminDeps, type Keyboard, languageOf, showText } from "./admin-context.js";

const LISTED = 10;
const idPattern = /^[A-Za-z0-9_-]{1,40}$/;

/** The /tester and /pilot commands. */
export function pilotHandlers(deps: AdminDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const audit = (ctx: Context, action: string, detail: Record<string, unknown>) =>
    recordAudit(deps.database, { actor: String(ctx.from?.id ?? "unknown"), action, detail });

  function list(ctx: Context): { text: string; keyboard: Keyboard } {
    const language = languageOf(ctx, deps);
    const t = deps.translations.t(language);
    const time = new Intl.DateTimeFormat(language === "kk" ? "kk-KZ" : "ru-RU", {
      timeZone: "Asia/Almaty",
      day: "2-digit",
      month: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    const recent = recentRespondents(deps.database, LISTED);
    const lines = recent.map((r) =>
      t("admin:pilot.line", {
        id: r.id,
        time: time.format(r.startedAt),
        stage: t(`admin:pilot.stages.${r.stage}`) + (r.cursor ? ` (${r.cursor})` : ""),
        mark: r.tester ? ` · ${t("admin:pilot.tester_mark")}` : "",
      }),
    );
    const keyboard: Keyboard = recent.map((r) => [
      {
        text: t(r.tester ? "admin:pilot.unmark" : "admin:pilot.mark", { id: r.id }),
        callback_data: `tt:${r.id}`,
      },
    ]);
    const body = lines.length > 0 ? lines : [t("admin:pilot.nobody")];
    return {
      text: [t("admin:pilot.title"), "", ...body, "", t("admin:pilot.hint")].join("\n"),
      keyboard,
    };
  }

  composer.command("tester", async (ctx) => {
    const t = deps.translations.t(languageOf(ctx, deps));
    const [id, setting] = ctx.match.trim().split(/\s+/);
    if (!id) {
      const { text, keyboard } = list(ctx);
      return showText(ctx, text, keyboard);
    }
    const on = setting?.toLowerCase() !== "off";
    if (!idPattern.test(id) || !setTester(deps.database, id, on)) {
      await ctx.reply(t("admin:pilot.unknown", { id: id.slice(0, 40) }));
      return;
    }
    audit(ctx, "tester", { respondent: id, tester: on });
    await ctx.reply(t(on ? "admin:pilot.marked" : "admin:pilot.unmarked", { id }));
  });

  composer.callbackQuery(/^tt:/, async (ctx) => {
    const t = deps.translations.t(languageOf(ctx, deps));
    const id = ctx.callbackQuery.data.slice(3);
    const current = idPattern.test(id) ? isTester(deps.database, id) : undefined;
    if (current === undefined) return answerPress(ctx, t("admin:menu.stale"));
    setTester(deps.database, id, !current);
    audit(ctx, "tester", { respondent: id, tester: !current });
    await answerPress(ctx, t(current ? "admin:pilot.unmarked" : "admin:pilot.marked", { id }));
    const { text, keyboard } = list(ctx);
    await showText(ctx, text, keyboard);
  });

  composer.command("pilot", async (ctx) => {
    const t = deps.translations.t(languageOf(ctx, deps));
    const address = addressOf(ctx);
    if (!address) return;
    // After the end the bot stores no responses, test ones included.
    if (studyEndedAt(deps.database) !== undefined)
      return void (await ctx.reply(t("privacy:study_ended")));
    if (!deps.sessions.find(address)) deps.sessions.start(address, undefined, updateKeyOf(ctx));
    flagStaffResponse(deps.database, address.channel, address.id);
    const session = deps.sessions.find(address);
    const finished = session?.stage === "completed" || session?.stage === "declined";
    const respondent = respondentAt(deps.database, address.channel, address.id);
    if (finished && respondent) restartTestResponse(deps.database, respondent, Date.now());
    audit(ctx, "pilot", { respondent, restarted: finished });
    await ctx.reply(t(finished ? "admin:pilot.restarted" : "admin:pilot.started"));
  });

  return composer;
}
