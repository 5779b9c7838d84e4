/**
 * /schools for admins: every school of the schools file with its start link and how many
 * teachers finished the survey through it; a school's button sends a printable QR poster.
 */
import { sql } from "drizzle-orm";
import { Composer, type Context, InputFile } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { numberFormat } from "../../../reports/format.js";
import { schoolPoster } from "../../../reports/school-poster.js";
import { schoolName } from "../../../reports/stats-text.js";
import { answerPress } from "../deliver.js";
import { type AdminDeps, type Keyboard, languageOf, showText } from "./admin-context.js";

const PER_PAGE = 10;
const dataPattern = /^sc:([pq])(\d{1,4})$/;

/** A school's start link: opening it starts the survey with the school recorded. */
export function schoolLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

/** The /schools command and its page and poster buttons. */
export function schoolsHandlers(deps: AdminDeps): Composer<Context> {
  const composer = new Composer<Context>();

  /** Finished responses of real teachers per school code. */
  function completedBySchool(): Map<string, number> {
    const rows = deps.database.db.all<{ code: string; n: number }>(sql`
      SELECT school_code AS code, COUNT(*) AS n FROM respondents
      WHERE stage = 'completed' AND tester = 0 AND school_code IS NOT NULL GROUP BY school_code`);
    return new Map(rows.map((row) => [row.code, row.n]));
  }

  function page(ctx: Context, number: number): { text: string; keyboard: Keyboard } {
    const language = languageOf(ctx, deps);
    const t = deps.translations.t(language);
    const all = deps.schools.all;
    if (all.length === 0) return { text: t("admin:schools.none"), keyboard: [] };
    const fmt = numberFormat(language, t);
    const pages = Math.ceil(all.length / PER_PAGE);
    const current = Math.min(Math.max(0, number), pages - 1);
    const counts = completedBySchool();
    const shown = all.slice(current * PER_PAGE, (current + 1) * PER_PAGE);

    const lines = shown.map((school, offset) =>
      t("admin:schools.line", {
        index: current * PER_PAGE + offset + 1,
        code: school.code,
        name: schoolName(school, language),
        count: fmt.cell(counts.get(school.code) ?? 0),
        teachers: fmt.count(school.teachers),
        link: schoolLink(ctx.me.username, school.code),
      }),
    );
    const text = [
      t("admin:schools.title", { page: current + 1, pages }),
      "",
      ...lines.join("\n\n").split("\n"),
    ]
      .concat("", t("admin:schools.hint"))
      .join("\n");
    const posters: InlineKeyboardButton[] = shown.map((school, offset) => ({
      text: `🔳 ${school.code}`,
      callback_data: `sc:q${current * PER_PAGE + offset}`,
    }));
    const keyboard: Keyboard = [];
    for (let i = 0; i < posters.length; i += 2) keyboard.push(posters.slice(i, i + 2));
    const nav: InlineKeyboardButton[] = [];
    if (current > 0) nav.push({ text: "◀", callback_data: `sc:p${current - 1}` });
    if (current < pages - 1) nav.push({ text: "▶", callback_data: `sc:p${current + 1}` });
    if (nav.length > 0) keyboard.push(nav);
    return { text, keyboard };
  }

  composer.command("schools", async (ctx) => {
    const { text, keyboard } = page(ctx, 0);
    await showText(ctx, text, keyboard);
  });

  composer.callbackQuery(/^sc:/, async (ctx) => {
    const language = languageOf(ctx, deps);
    const t = deps.translations.t(language);
    const match = dataPattern.exec(ctx.callbackQuery.data);
    const number = Number(match?.[2] ?? -1);
    if (match?.[1] === "p") {
      await answerPress(ctx);
      const { text, keyboard } = page(ctx, number);
      return showText(ctx, text, keyboard);
    }
    const school = deps.schools.all[number];
    if (!match || !school) return answerPress(ctx, t("admin:menu.stale"));
    await answerPress(ctx);
    const link = schoolLink(ctx.me.username, school.code);
    const name = schoolName(school, language);
    const poster = await schoolPoster(link, name);
    await ctx.replyWithPhoto(new InputFile(poster.bytes, `${school.code}.png`), {
      caption: t("admin:schools.caption", { code: school.code, name, link }).slice(0, 1024),
    });
  });

  return composer;
}
