/**
 * The participating schools, read from the CSV file named by SCHOOLS_FILE. Each school's code
 * goes into its start link (https://t.me/<bot>?start=<code>) and is stored with responses.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { z } from "zod";

const schoolSchema = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "codes use letters, digits, _ and - (Telegram's start links)"),
  name_kk: z.string().min(1),
  name_ru: z.string().min(1),
  district: z.string().min(1),
  teachers: z.coerce.number().int().min(0),
});

export type School = z.output<typeof schoolSchema>;

/** The schools by code; empty when no file is configured. */
export interface SchoolDirectory {
  all: School[];
  byCode(code: string): School | undefined;
}

/** Reads and validates the schools file, reporting every bad row by line. */
export function loadSchools(path: string | undefined): SchoolDirectory {
  const all = path ? parseSchools(readFileSync(path, "utf8")) : [];
  const index = new Map(all.map((school) => [school.code, school]));
  return { all, byCode: (code) => index.get(code) };
}

function parseSchools(text: string): School[] {
  const rows: unknown[] = parse(text, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
  });
  const problems: string[] = [];
  const schools: School[] = [];
  rows.forEach((row, index) => {
    const parsed = schoolSchema.safeParse(row);
    if (parsed.success) schools.push(parsed.data);
    else
      problems.push(
        ...parsed.error.issues.map(
          (issue) => `row ${index + 2}, ${issue.path.join(".")}: ${issue.message}`,
        ),
      );
  });
  const codes = schools.map((school) => school.code);
  const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
  if (repeated.length > 0) problems.push(`repeated codes: ${[...new Set(repeated)].join(", ")}`);
  if (problems.length > 0)
    throw new Error(`the schools file has problems:\n  ${problems.join("\n  ")}`);
  return schools;
}
