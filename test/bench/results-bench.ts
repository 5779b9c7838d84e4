/**
 * Section 3: what an admin waits for at /stats. The overview and one question's view, over
 * generated databases of growing size; each figure is the median of several runs after one
 * unmeasured run (which warms SQLite's page cache, as a second /stats would find it).
 */
import { computeOverview } from "../../src/reports/overview.js";
import { computeQuestion } from "../../src/reports/question-stats.js";
import { openDatabase } from "../../src/storage/database.js";
import { openReportsConnection } from "../../src/storage/reports-connection.js";
import type { PromptList } from "../../src/survey/prompts.js";
import { median, round, timeRepeated } from "./figures.js";

/** The per-question view measured: the largest question (a 12-row matrix), one district. */
export const MEASURED_QUESTION = "q20";
export const MEASURED_FILTER = {
  status: "completed",
  includeTesters: false,
  district: "talgar",
} as const;

/** Figures of section 3 for one database size. */
export interface ResultsFigures {
  responses: number;
  overviewMs: number;
  questionMs: number;
  /** Sanity: completed responses the overview counted, and teachers in the filtered view. */
  overviewCompleted: number;
  questionRespondents: number;
}

/** Times the overview and the question view on the database at `path`. */
export async function benchResults(
  path: string,
  responses: number,
  prompts: PromptList,
  runs: number,
): Promise<ResultsFigures> {
  // As the bot reads for /stats: through its reports connection.
  const main = openDatabase(path);
  const database = openReportsConnection(main, path);
  try {
    const overview = computeOverview(database);
    const question = computeQuestion(database, MEASURED_QUESTION, MEASURED_FILTER, prompts);
    const overviewRuns = await timeRepeated(runs, () => computeOverview(database));
    const questionRuns = await timeRepeated(runs, () =>
      computeQuestion(database, MEASURED_QUESTION, MEASURED_FILTER, prompts),
    );
    const firstRow = question.kind === "matrix" ? question.rows[0] : undefined;
    return {
      responses,
      overviewMs: round(median(overviewRuns), 1),
      questionMs: round(median(questionRuns), 1),
      overviewCompleted: overview.completed,
      questionRespondents: firstRow?.n ?? 0,
    };
  } finally {
    database.close();
    main.close();
  }
}
