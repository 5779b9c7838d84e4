/**
 * Segments: which teachers a reminder goes to, by where they are in the survey, optionally
 * narrowed to a district or a school. Testers, teachers who blocked the bot and teachers who
 * asked for no more reminders are never in a segment; nor are those who declined the survey.
 */
import { and, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Language } from "../app/ports.js";
import type { SchoolDirectory } from "../schools.js";
import type { Database } from "../storage/database.js";
import { answers, contacts, respondents, type Stage } from "../storage/schema.js";
import type { Segment } from "../storage/schema-reminders.js";

export { type Segment, segments } from "../storage/schema-reminders.js";

/** The stages each segment covers. */
export const stagesOf: Record<Segment, readonly Stage[]> = {
  not_started: ["language", "consent"],
  in_progress: ["answering"],
  not_completed: ["language", "consent", "answering"],
  completed: ["completed"],
};

/** A segment and its optional narrowing; a school narrows more than a district. */
export interface Audience {
  segment: Segment;
  /** A q3 option code: the teacher's own answer, or their school's district if unanswered. */
  district?: string | null;
  schoolCode?: string | null;
}

/** A teacher in a segment. */
export interface Candidate {
  respondentId: string;
  language: Language | null;
}

/** How many teachers a segment holds, by the language they chose. */
export interface SegmentCount {
  total: number;
  kk: number;
  ru: number;
  /** Not chosen yet: they get the reminder in both languages. */
  none: number;
}

/** Whether a contact may receive reminders at all. */
export function reachable(): SQL {
  return and(
    eq(respondents.tester, false),
    eq(contacts.unreachable, false),
    eq(contacts.optedOut, false),
  ) as SQL;
}

/** Builds segment queries over the database for teachers reached on `channel`. */
export function createSegments(
  { db }: Database,
  deps: { schools: SchoolDirectory; channel: string },
) {
  const q3 = alias(answers, "q3");

  function narrowing(audience: Audience): SQL | undefined {
    if (audience.schoolCode) return eq(respondents.schoolCode, audience.schoolCode);
    if (!audience.district) return undefined;
    const codes = deps.schools.all
      .filter((school) => school.district === audience.district)
      .map((school) => school.code);
    const byAnswer = eq(q3.value, audience.district);
    if (codes.length === 0) return byAnswer;
    return or(byAnswer, and(isNull(q3.value), inArray(respondents.schoolCode, codes)));
  }

  /** The teachers of an audience, now. */
  function select(audience: Audience): Candidate[] {
    return db
      .select({ respondentId: respondents.id, language: respondents.language })
      .from(respondents)
      .innerJoin(contacts, eq(contacts.respondentId, respondents.id))
      .leftJoin(q3, and(eq(q3.respondentId, respondents.id), eq(q3.variable, "q3")))
      .where(
        and(
          eq(contacts.channel, deps.channel),
          inArray(respondents.stage, [...stagesOf[audience.segment]]),
          reachable(),
          narrowing(audience),
        ),
      )
      .orderBy(respondents.id)
      .all();
  }

  return {
    select,

    /** The size of an audience, for the preview. */
    count(audience: Audience): SegmentCount {
      const count: SegmentCount = { total: 0, kk: 0, ru: 0, none: 0 };
      for (const { language } of select(audience)) {
        count.total += 1;
        count[language ?? "none"] += 1;
      }
      return count;
    },
  };
}

/** The segment queries of one deployment. */
export type Segments = ReturnType<typeof createSegments>;
