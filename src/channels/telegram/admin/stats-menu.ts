/**
 * Button data of the /stats menu: "st:<screen>:<filter>[:<back>]", well under Telegram's 64
 * bytes. The filter is five short fields (district, subject, category and school as 1-based
 * positions, 0 for any; then "a" for all statuses and "t" for testers), so the menu keeps no
 * state: every button carries the whole view.
 */
import { z } from "zod";
import type { ReportFilter } from "../../../reports/filter.js";
import type { SchoolDirectory } from "../../../schools.js";
import type { PromptList } from "../../../survey/prompts.js";

/** A screen of the menu. Filter screens carry the screen to return to. */
export type Screen =
  | { kind: "overview" }
  | { kind: "questions" }
  | { kind: "question"; number: number }
  | { kind: "chart"; number: number }
  | { kind: "reliability" }
  | { kind: "filters" }
  | { kind: "pick"; dimension: "district" | "subject" | "category" }
  | { kind: "schools"; page: number };

/** A pressed menu button: what to show, under which filter, and where "back" leads. */
export interface MenuState {
  screen: Screen;
  filter: ReportFilter;
  back: Screen;
}

/** The answer-based filters and the questions whose options they pick. */
export const PICKED = { district: "q3", subject: "q2", category: "q5" } as const;

const screenPattern = /^(o|l|r|f|fd|fs|fc|q\d{1,2}|g\d{1,2}|fk\d{1,3})$/;
const filterPattern = /^(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.(\d{1,4})\.(a?t?)$/;
const dataSchema = z.tuple([
  z.literal("st"),
  z.string().regex(screenPattern),
  z.string().regex(filterPattern),
  z.string().regex(screenPattern).optional(),
]);

function encodeScreen(screen: Screen): string {
  switch (screen.kind) {
    case "overview":
      return "o";
    case "questions":
      return "l";
    case "question":
      return `q${screen.number}`;
    case "chart":
      return `g${screen.number}`;
    case "reliability":
      return "r";
    case "filters":
      return "f";
    case "pick":
      return { district: "fd", subject: "fs", category: "fc" }[screen.dimension];
    case "schools":
      return `fk${screen.page}`;
  }
}

function decodeScreen(code: string): Screen {
  const number = Number(code.replace(/^\D+/, ""));
  if (code === "l") return { kind: "questions" };
  if (code === "r") return { kind: "reliability" };
  if (code === "f") return { kind: "filters" };
  if (code === "fd") return { kind: "pick", dimension: "district" };
  if (code === "fs") return { kind: "pick", dimension: "subject" };
  if (code === "fc") return { kind: "pick", dimension: "category" };
  if (code.startsWith("fk")) return { kind: "schools", page: number };
  if (code.startsWith("q")) return { kind: "question", number };
  if (code.startsWith("g")) return { kind: "chart", number };
  return { kind: "overview" };
}

/** Encodes and decodes menu states against this deployment's survey and schools. */
export interface MenuCodec {
  encode(state: MenuState): string;
  /** undefined for data the menu did not make (old formats, forgeries, removed schools). */
  decode(data: string): MenuState | undefined;
}

/** Builds the codec; option and school positions come from the survey and the schools file. */
export function menuCodec(prompts: PromptList, schools: SchoolDirectory): MenuCodec {
  const optionsOf = (questionId: string) => {
    const question = prompts.survey.questions.find((q) => q.id === questionId);
    return question && "options" in question ? question.options : [];
  };
  const position = (list: readonly string[], value: string | undefined) =>
    value === undefined ? 0 : list.indexOf(value) + 1;
  const at = (list: readonly string[], index: number) =>
    index === 0 ? undefined : list[index - 1];
  const codes = schools.all.map((school) => school.code);
  const questions = prompts.survey.questions.length;

  return {
    encode({ screen, filter, back }) {
      const fields = [
        position(optionsOf(PICKED.district), filter.district),
        position(optionsOf(PICKED.subject), filter.subject),
        position(optionsOf(PICKED.category), filter.category),
        position(codes, filter.school),
        `${filter.status === "all" ? "a" : ""}${filter.includeTesters ? "t" : ""}`,
      ].join(".");
      const tail = back.kind === "overview" ? "" : `:${encodeScreen(back)}`;
      return `st:${encodeScreen(screen)}:${fields}${tail}`;
    },
    decode(data) {
      const parsed = dataSchema.safeParse(data.split(":"));
      if (!parsed.success) return undefined;
      const [, screenCode, filterCode, backCode] = parsed.data;
      const [, d, s, c, k, flags = ""] = filterPattern.exec(filterCode) ?? [];
      const fields = [d, s, c, k].map(Number) as [number, number, number, number];
      const filter: ReportFilter = {
        district: at(optionsOf(PICKED.district), fields[0]),
        subject: at(optionsOf(PICKED.subject), fields[1]),
        category: at(optionsOf(PICKED.category), fields[2]),
        school: at(codes, fields[3]),
        status: flags.includes("a") ? "all" : "completed",
        includeTesters: flags.includes("t"),
      };
      const outOfRange =
        (fields[0] > 0 && !filter.district) ||
        (fields[1] > 0 && !filter.subject) ||
        (fields[2] > 0 && !filter.category) ||
        (fields[3] > 0 && !filter.school);
      const screen = decodeScreen(screenCode);
      const back = backCode ? decodeScreen(backCode) : { kind: "overview" as const };
      const badNumber = [screen, back].some(
        (s) =>
          (s.kind === "question" || s.kind === "chart") && (s.number < 1 || s.number > questions),
      );
      return outOfRange || badNumber ? undefined : { screen, filter, back };
    },
  };
}
