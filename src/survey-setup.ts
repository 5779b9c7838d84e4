/**
 * The survey this deployment runs, validated once at start: a bad definition stops the bot
 * with every problem listed, before any teacher can meet it.
 */
import { parseSurvey } from "./survey/definition.js";
import { listPrompts, type PromptList } from "./survey/prompts.js";
import { teacherSurvey } from "./surveys/teacher-survey.js";

/** The teacher survey as a prompt list. */
export function loadTeacherSurvey(): PromptList {
  const parsed = parseSurvey(teacherSurvey);
  if (!parsed.ok) {
    const lines = parsed.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
    throw new Error(`the survey definition is invalid:\n${lines.join("\n")}`);
  }
  return listPrompts(parsed.survey);
}
