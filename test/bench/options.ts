/**
 * The benchmark's command line (see `usage`). --responses sets one size for the results and
 * export sections; --recipients the size of the reminder job (both mainly for the smoke test);
 * --fresh generates the response databases again instead of reusing the copies cached by
 * earlier runs.
 */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";

export const sectionNames = ["survey", "results", "export", "reminders"] as const;
export type SectionName = (typeof sectionNames)[number];

/** Printed with --help and after any bad option. */
export const usage = `Usage: npm run bench -- [options]
  --quick            small sizes, under a minute
  --teachers N       simulated teachers in the survey section (default 200; 20 with --quick)
  --responses N      one database size for the results and export sections (at least 10)
  --recipients N     teachers the reminder job goes to, at least 60 (2000; 150 with --quick)
  --seed N           seed of the generated teachers and answers (a whole number)
  --only a,b         sections to run, of ${sectionNames.join(", ")}
  --out file.json    where to write the JSON (default bench-results/<time>.json)
  --fresh            generate the response databases again instead of using the cache
  --help             print this text`;

/** How big each section runs. */
export interface BenchOptions {
  quick: boolean;
  teachers: number;
  warmup: number;
  seed: number;
  /** Completed responses in the databases of the results section. */
  resultSizes: number[];
  exportSize: number;
  /** Median of this many runs per results figure. */
  resultRuns: number;
  reminderRecipients: number;
  reminderCap: number;
  sections: SectionName[];
  /** Where the JSON goes; its folder exists and is writable. */
  out: string;
  /** Reuse generated databases from earlier runs (off with --fresh). */
  cache: boolean;
}

/** The command line read: options to run with, a request for help, or what is wrong with it. */
export type ParsedOptions =
  | { kind: "run"; options: BenchOptions }
  | { kind: "help" }
  | { kind: "bad"; problems: string[] };

const flags = ["quick", "fresh", "help"];
const sectionList = `valid names: ${sectionNames.join(", ")}`;

/** A whole number from its text; z.coerce.number() would take "" (and " ") for 0. */
const wholeNumber = (min?: { value: number; why: string }) =>
  z
    .string()
    .regex(/^-?\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(
      z
        .number()
        .int("is too large")
        .min(min?.value ?? Number.MIN_SAFE_INTEGER, min?.why),
    );

const argsSchema = z.strictObject({
  quick: z.boolean().default(false),
  fresh: z.boolean().default(false),
  teachers: wholeNumber({ value: 1, why: "must be at least 1" }).optional(),
  responses: wholeNumber({ value: 10, why: "must be at least 10" }).optional(),
  recipients: wholeNumber({
    value: 60,
    why:
      "must be at least 60 (two seconds of sends at 30/s): the pace is measured from the " +
      "first send to the last, and a shorter job gives no meaningful rate",
  }).optional(),
  seed: wholeNumber().default(20260301),
  only: z
    .string()
    .transform((value) => value.split(","))
    .pipe(
      z.array(
        z.enum(sectionNames, {
          error: (issue) =>
            issue.input === ""
              ? `has an empty entry (${sectionList})`
              : `names no section "${String(issue.input)}" (${sectionList})`,
        }),
      ),
    )
    .optional(),
  out: z.string().min(1, "must not be empty").optional(),
});

/**
 * Reads the arguments after `--`, naming every problem. The JSON's path (--out, else
 * `defaultOut`) is checked too, and its folder made, so a bad --out does not cost a whole run.
 */
export function parseOptions(argv: readonly string[], defaultOut: string): ParsedOptions {
  const raw: Record<string, string | boolean> = {};
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    const name = arg.slice(2);
    const next = argv[i + 1];
    const hasValue = next !== undefined && !next.startsWith("--");
    if (!arg.startsWith("--")) problems.push(`unexpected argument "${arg}"`);
    else if (Object.hasOwn(raw, name)) problems.push(`--${name} is given twice`);
    else if (flags.includes(name)) raw[name] = true;
    else if (!Object.hasOwn(argsSchema.shape, name)) {
      problems.push(`unknown option --${name}`);
      if (hasValue) i += 1;
    } else if (hasValue) {
      raw[name] = next;
      i += 1;
    } else problems.push(`--${name} needs a value`);
  }
  if (raw.help === true) return { kind: "help" };
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      problems.push(`--${name} ${JSON.stringify(raw[name])}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) return { kind: "bad", problems };
  const { quick, seed, responses, recipients } = parsed.data;
  const out = parsed.data.out ?? defaultOut;
  const outProblem = checkOutPath(out);
  if (outProblem) return { kind: "bad", problems: [outProblem] };
  const options: BenchOptions = {
    quick,
    teachers: parsed.data.teachers ?? (quick ? 20 : 200),
    warmup: quick ? 10 : 20,
    seed,
    resultSizes: responses ? [responses] : quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
    exportSize: responses ?? (quick ? 1_000 : 100_000),
    resultRuns: quick ? 3 : 7,
    reminderRecipients: recipients ?? (quick ? 150 : 2_000),
    reminderCap: 30,
    sections: parsed.data.only ?? [...sectionNames],
    out,
    cache: !parsed.data.fresh,
  };
  return { kind: "run", options };
}

/** Makes the folder of `path` and returns why a file cannot be written there, if it cannot. */
function checkOutPath(path: string): string | undefined {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
      return `--out ${path} is a folder; give a file name`;
    mkdirSync(dirname(path), { recursive: true });
    accessSync(dirname(path), constants.W_OK);
    if (statSync(path, { throwIfNoEntry: false })) accessSync(path, constants.W_OK);
    return undefined;
  } catch (error) {
    return `cannot write the JSON to ${path}: ${(error as Error).message}`;
  }
}
