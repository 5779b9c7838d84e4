/**
 * Compares the database with what each simulated teacher chose and saw; the definitions of
 * lost, doubled, out of order and unfinished are in crash-trial.ts.
 */
import type Sqlite from "better-sqlite3";
import type { CrashTeacher } from "./crash-teacher.js";

/** Problems found, one line each, by kind. */
export interface Comparison {
  answers: number;
  lost: string[];
  doubled: string[];
  outOfOrder: string[];
  unfinished: string[];
}

/**
 * Checks every teacher. `final` adds the checks that only hold once everyone has finished:
 * no stray or wrong answers, the path as planned, and a completed response.
 */
export function compareWithTeachers(
  db: Sqlite.Database,
  teachers: readonly CrashTeacher[],
  { final }: { final: boolean },
): Comparison {
  const respondentOf = db.prepare(
    "SELECT r.id, r.stage, r.cursor FROM contacts c JOIN respondents r ON r.id = c.respondent_id " +
      "WHERE c.channel = 'telegram' AND c.address = ?",
  );
  const answersOf = db.prepare("SELECT variable, value FROM answers WHERE respondent_id = ?");
  const result: Comparison = { answers: 0, lost: [], doubled: [], outOfOrder: [], unfinished: [] };

  for (const teacher of teachers) {
    const who = `teacher ${teacher.chatId}`;
    const respondent = respondentOf.get(String(teacher.chatId)) as
      | { id: string; stage: string; cursor: string | null }
      | undefined;
    const rows = respondent
      ? (answersOf.all(respondent.id) as { variable: string; value: string | null }[])
      : [];
    const stored = new Map(rows.map((row) => [row.variable, row.value]));
    result.answers += stored.size;

    for (const promptId of teacher.acknowledged) {
      if (!stored.has(promptId)) {
        result.lost.push(`${who}: the answer to ${promptId} reached the next prompt but is lost`);
      }
    }
    if (!final) continue;

    for (const [variable, value] of stored) {
      const planned = teacher.plan.answers.get(variable);
      if (!planned) result.doubled.push(`${who}: ${variable} stored off the teacher's path`);
      else if (planned.value !== value) {
        result.doubled.push(
          `${who}: ${variable} holds ${JSON.stringify(value)}, the teacher gave ${JSON.stringify(planned.value)}`,
        );
      }
    }
    if (teacher.seen.join(" ") !== teacher.plan.path.join(" ")) {
      result.outOfOrder.push(`${who}: shown ${teacher.seen.join(" ")}`);
    }
    const completed = respondent?.stage === "completed" && respondent.cursor === null;
    const allStored = teacher.plan.path.every((id) => stored.has(id));
    if (!teacher.finished || !completed || !allStored) {
      const state = respondent ? `${respondent.stage} at ${respondent.cursor}` : "no respondent";
      const gave = teacher.gaveUp ? ", gave up" : "";
      result.unfinished.push(`${who}: ${state}, end seen ${teacher.finished}${gave}`);
    }
  }
  return result;
}
