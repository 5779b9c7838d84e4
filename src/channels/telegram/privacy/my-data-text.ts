/**
 * /my_data as text: what is stored about the teacher, in their language, each answer under
 * the words of its question, split into messages within Telegram's limit.
 */
import type { Language } from "../../../app/ports.js";
import type { Translate } from "../../../i18n.js";
import type { RespondentData, StoredAnswer } from "../../../privacy/respondent-data.js";
import { STUDY_TIME_ZONE } from "../../../reminders/quiet-hours.js";
import type { SchoolDirectory } from "../../../schools.js";
import { answerLabel } from "../../prompt-text.js";

/** Telegram's limit on a message's text. */
const MESSAGE_LIMIT = 4096;

function when(ms: number, language: Language): string {
  return new Intl.DateTimeFormat(language === "kk" ? "kk-KZ" : "ru-RU", {
    timeZone: STUDY_TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(ms);
}

/** What a stored answer answers: the row of a matrix, the "Other" text, or the question. */
function answerTopic(answer: StoredAnswer, data: RespondentData, t: Translate): string | undefined {
  const { prompt } = answer;
  const q = `survey:${prompt.questionId}`;
  switch (prompt.kind) {
    case "row": {
      if (!prompt.labelFrom) return t(`${q}.rows.${prompt.row}`);
      const own = data.answers.find((a) => a.prompt.id === prompt.labelFrom)?.value ?? "";
      return `${t(`${q}.otherRow.label`)}: ${own}`;
    }
    case "has-other-row":
      return t(`${q}.otherRow.ask`);
    case "other-row-text":
      return t(`${q}.otherRow.label`);
    case "text":
      return prompt.of === "other" ? t(`${q}.options.other`) : undefined;
    default:
      return undefined;
  }
}

/** How an answer reads; each ticked option of a several-may-apply question on its own line. */
function answerTexts(answer: StoredAnswer, t: Translate): string[] {
  const { prompt, value } = answer;
  if (prompt.kind !== "multi" || value === null) return [answerLabel(prompt, value, t)];
  const q = `survey:${prompt.questionId}`;
  return value.split(",").map((code) => `${code}) ${t(`${q}.options.${code}`)}`);
}

/** The lines of /my_data for a teacher with stored data. */
export function myDataLines(
  data: RespondentData,
  t: Translate,
  language: Language,
  schools: SchoolDirectory,
): string[] {
  const school = data.schoolCode ? schools.byCode(data.schoolCode) : undefined;
  const schoolName = school ? (language === "kk" ? school.name_kk : school.name_ru) : undefined;
  const lines = [
    t("privacy:my_data.title", { id: data.respondentId }),
    t("privacy:my_data.stage", { stage: t(`privacy:my_data.stages.${data.stage}`) }),
    t("privacy:my_data.started", { at: when(data.startedAt, language) }),
  ];
  if (data.completedAt !== null) {
    lines.push(t("privacy:my_data.completed", { at: when(data.completedAt, language) }));
  }
  if (data.schoolCode) {
    lines.push(t("privacy:my_data.school", { school: schoolName ?? data.schoolCode }));
  }
  lines.push(
    "",
    t(data.answers.length > 0 ? "privacy:my_data.answers" : "privacy:my_data.no_answers"),
  );

  let question: string | undefined;
  for (const answer of data.answers) {
    const { prompt } = answer;
    if (prompt.questionId !== question) {
      question = prompt.questionId;
      lines.push("", `${prompt.questionNumber}. ${t(`survey:${prompt.questionId}.text`)}`);
    }
    const topic = answerTopic(answer, data, t);
    for (const text of answerTexts(answer, t)) {
      lines.push(topic ? `• ${topic} — ${text}` : `• ${text}`);
    }
  }
  for (const { variable, value } of data.unknownVariables) {
    lines.push(`• ${variable} — ${value ?? t("bot:prompt.skipped")}`);
  }
  lines.push("", t("privacy:my_data.footer"));
  return lines;
}

/**
 * Joins lines into messages of at most `limit` characters, breaking between lines; a single
 * line longer than the limit (a long typed answer) is broken inside.
 */
export function splitIntoMessages(lines: readonly string[], limit = MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let current = "";
  const pieces = lines.flatMap((line) => {
    if (line.length <= limit) return [line];
    const chunks: string[] = [];
    for (let start = 0; start < line.length; ) {
      let end = Math.min(start + limit, line.length);
      // Never between the two halves of an emoji (a UTF-16 surrogate pair).
      if (end < line.length && /[\uD800-\uDBFF]/.test(line.charAt(end - 1))) end -= 1;
      chunks.push(line.slice(start, end));
      start = end;
    }
    return chunks;
  });
  for (const piece of pieces) {
    if (current !== "" && current.length + 1 + piece.length > limit) {
      messages.push(current);
      current = piece;
    } else {
      current = current === "" ? piece : `${current}\n${piece}`;
    }
  }
  if (current.trim() !== "") messages.push(current);
  return messages;
}
