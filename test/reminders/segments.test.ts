import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Audience, createSegments } from "../../src/reminders/segments.js";
import type { School, SchoolDirectory } from "../../src/schools.js";
import type { Database } from "../../src/storage/database.js";
import { seedTeachers, tempDatabase } from "./helpers.js";

const schoolList: School[] = [
  { code: "SCH01", name_kk: "Бірінші", name_ru: "Первая", district: "talgar", teachers: 10 },
  { code: "SCH02", name_kk: "Екінші", name_ru: "Вторая", district: "ile", teachers: 10 },
];
const schools: SchoolDirectory = {
  all: schoolList,
  byCode: (code) => schoolList.find((school) => school.code === code),
};

let temp: ReturnType<typeof tempDatabase>;
let database: Database;
beforeEach(() => {
  temp = tempDatabase();
  database = temp.database;
  seedTeachers(database.sqlite, [
    { respondentId: "L1", chatId: 1, stage: "language", language: null },
    { respondentId: "C1", chatId: 2, stage: "consent", language: "ru" },
    { respondentId: "A1", chatId: 3, district: "talgar" },
    { respondentId: "A2", chatId: 4, schoolCode: "SCH01" },
    { respondentId: "A3", chatId: 5, schoolCode: "SCH01", district: "ile" },
    { respondentId: "D1", chatId: 6, stage: "declined" },
    { respondentId: "F1", chatId: 7, stage: "completed" },
    { respondentId: "T1", chatId: 8, tester: true },
    { respondentId: "U1", chatId: 9, unreachable: true },
    { respondentId: "O1", chatId: 10, optedOut: true },
  ]);
});
afterEach(() => temp.remove());

const ids = (audience: Audience) =>
  createSegments(database, { schools, channel: "telegram" })
    .select(audience)
    .map((candidate) => candidate.respondentId);

describe("segments", () => {
  it("split teachers by stage; declined, testers, unreachable and opted-out are never in one", () => {
    expect(ids({ segment: "not_started" })).toEqual(["C1", "L1"]);
    expect(ids({ segment: "in_progress" })).toEqual(["A1", "A2", "A3"]);
    expect(ids({ segment: "not_completed" })).toEqual(["A1", "A2", "A3", "C1", "L1"]);
    expect(ids({ segment: "completed" })).toEqual(["F1"]);
  });

  it("narrow to a district by the teacher's answer, else by their school's district", () => {
    expect(ids({ segment: "in_progress", district: "talgar" })).toEqual(["A1", "A2"]);
    expect(ids({ segment: "in_progress", district: "ile" })).toEqual(["A3"]);
    expect(ids({ segment: "in_progress", district: "karasay" })).toEqual([]);
  });

  it("narrow to a school", () => {
    expect(ids({ segment: "in_progress", schoolCode: "SCH01" })).toEqual(["A2", "A3"]);
    expect(ids({ segment: "not_started", schoolCode: "SCH01" })).toEqual([]);
  });

  it("count by language, with those who have not chosen one apart", () => {
    const segments = createSegments(database, { schools, channel: "telegram" });
    expect(segments.count({ segment: "not_completed" })).toEqual({
      total: 5,
      kk: 3,
      ru: 1,
      none: 1,
    });
  });

  it("hold only contacts on the given channel", () => {
    const other = createSegments(database, { schools, channel: "whatsapp" });
    expect(other.count({ segment: "not_completed" }).total).toBe(0);
  });
});
