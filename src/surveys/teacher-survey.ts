/**
 * The questionnaire of Appendix 1 ("Сауалнама жобасы") of the "50 Successful Schools"
 * evaluation, as data. Numbering follows the paper; texts live in locales/<lang>/survey.json.
 */
import type { SurveyInput } from "../survey/definition.js";

const fourPoint = ["1", "2", "3", "4"];
const numbered = (count: number) => Array.from({ length: count }, (_, i) => String(i + 1));

export const teacherSurvey: SurveyInput = {
  id: "teachers-50-schools",
  version: 1,
  otherTextMaxLength: 200,
  questions: [
    // ЖАЛПЫ АҚПАРАТ
    { id: "q1", kind: "single", section: "general", options: ["female", "male"] },
    {
      id: "q2",
      kind: "single",
      section: "general",
      options: [
        "physics",
        "maths",
        "chemistry",
        "biology",
        "informatics",
        "english",
        "primary",
        "career",
      ],
    },
    {
      id: "q3",
      kind: "single",
      section: "general",
      options: ["enbekshi", "zhambyl", "konaev", "talgar", "ile", "karasay"],
    },
    { id: "q4", kind: "number", section: "general", min: 0, max: 60 },
    {
      id: "q5",
      kind: "single",
      section: "general",
      options: ["teacher", "moderator", "expert", "researcher", "master", "other"],
      other: "other",
    },
    {
      id: "q6",
      kind: "single",
      section: "general",
      options: ["college", "bachelor", "masters", "doctorate", "other"],
      other: "other",
    },
    {
      id: "q7",
      kind: "multi",
      section: "general",
      options: ["a", "b", "c", "d", "e", "f", "g", "h", "i"],
      minSelected: 1,
    },
    // КУРС ТУРАЛЫ
    { id: "q8", kind: "single", section: "course", options: fourPoint, scale: true },
    { id: "q9", kind: "single", section: "course", options: fourPoint, scale: true },
    { id: "q10", kind: "single", section: "course", options: fourPoint, scale: true },
    { id: "q11", kind: "single", section: "course", options: fourPoint, scale: true },
    // ПРАКТИКА ЖҮЗІНДЕ ҚОЛДАНЫЛУЫ
    { id: "q12", kind: "single", section: "practice", options: fourPoint, scale: true },
    { id: "q13", kind: "single", section: "practice", options: numbered(3), scale: true },
    // ЖАЛПЫ ҚАНАҒАТТАНУ
    { id: "q14", kind: "single", section: "satisfaction", options: numbered(5), scale: true },
    { id: "q15", kind: "single", section: "satisfaction", options: fourPoint, scale: true },
    { id: "q16", kind: "single", section: "satisfaction", options: numbered(3), scale: true },
    // ЖАҚСАРТУ БОЙЫНША ҰСЫНЫСТАР
    { id: "q17", kind: "text", section: "suggestions", maxLength: 1000, skippable: true },
    { id: "q18", kind: "text", section: "suggestions", maxLength: 1000, skippable: true },
    {
      id: "q19",
      kind: "matrix",
      section: "suggestions",
      rows: numbered(9),
      columns: numbered(3),
      scale: true,
      otherRow: "10",
    },
    {
      id: "q20",
      kind: "matrix",
      section: "suggestions",
      rows: numbered(11),
      columns: fourPoint,
      scale: true,
      otherRow: "12",
    },
    // ТӘЛІМГЕРЛІК ТУРАЛЫ СҰРАҚТАР
    {
      id: "q21",
      kind: "single",
      section: "mentoring",
      options: ["yes", "no"],
      // The paper: "Жоқ (әрі қарай сұрақтарға жауап бермеңіз, сауалнама аяқталды)".
      branches: [{ when: "no", goto: "end" }],
    },
    {
      id: "q22",
      kind: "matrix",
      section: "mentoring",
      rows: numbered(6),
      columns: numbered(5),
      scale: true,
    },
  ],
};
