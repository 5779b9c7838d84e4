/**
 * A teacher's right to see what is stored about them: their response and every stored answer,
 * found by the address they write from and by nothing else, so no one can ask for another's.
 */
import { and, eq } from "drizzle-orm";
import type { Address, Language } from "../app/ports.js";
import type { Database } from "../storage/database.js";
import { answers, contacts, respondents, type Stage } from "../storage/schema.js";
import type { Prompt, PromptList } from "../survey/prompts.js";

/** One stored answer with the prompt it answers. */
export interface StoredAnswer {
  prompt: Prompt;
  /** null when the teacher skipped an optional question. */
  value: string | null;
}

/** Everything stored about one respondent, answers in the survey's order. */
export interface RespondentData {
  respondentId: string;
  language: Language | null;
  schoolCode: string | null;
  stage: Stage;
  startedAt: number;
  completedAt: number | null;
  answers: StoredAnswer[];
  /** Variables stored that this survey no longer has; shown by name so nothing is hidden. */
  unknownVariables: { variable: string; value: string | null }[];
}

/** Reads the data of the respondent reached at `address`; undefined if there is none. */
export function readRespondentData(
  { db }: Database,
  prompts: PromptList,
  address: Address,
): RespondentData | undefined {
  const respondent = db
    .select({
      respondentId: respondents.id,
      language: respondents.language,
      schoolCode: respondents.schoolCode,
      stage: respondents.stage,
      startedAt: respondents.startedAt,
      completedAt: respondents.completedAt,
    })
    .from(contacts)
    .innerJoin(respondents, eq(respondents.id, contacts.respondentId))
    .where(and(eq(contacts.channel, address.channel), eq(contacts.address, address.id)))
    .get();
  if (!respondent) return undefined;

  const rows = db
    .select({ variable: answers.variable, value: answers.value })
    .from(answers)
    .where(eq(answers.respondentId, respondent.respondentId))
    .all();
  const known: (StoredAnswer & { index: number })[] = [];
  const unknownVariables: RespondentData["unknownVariables"] = [];
  for (const row of rows) {
    const index = prompts.indexOf.get(row.variable);
    const prompt = index === undefined ? undefined : prompts.prompts[index];
    if (index === undefined || !prompt) unknownVariables.push(row);
    else known.push({ prompt, value: row.value, index });
  }
  known.sort((a, b) => a.index - b.index);
  return {
    ...respondent,
    answers: known.map(({ prompt, value }) => ({ prompt, value })),
    unknownVariables,
  };
}
