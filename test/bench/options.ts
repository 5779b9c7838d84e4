/**
 * The benchmark's command line: `npm run bench -- [--quick] [--teachers N] [--responses N]
 * [--recipients N] [--seed N] [--only survey,results,export,reminders] [--out file.json]
 * [--fresh]`.
 * --responses sets one size for the results and export sections; --recipients the size of
 * the reminder job (both mainly for the smoke test); --fresh generates the response databases
 * again instead of reusing the copies cached by earlier runs.
 */
import { z } from "zod";

export const sectionNames = ["survey", "results", "export", "reminders"] as const;
export type SectionName = (typeof sectionNames)[number];

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
  out: string | undefined;
  /** Reuse generated databases from earlier runs (off with --fresh). */
  cache: boolean;
}

const argsSchema = z.object({
  quick: z.boolean().default(false),
  fresh: z.boolean().default(false),
  teachers: z.coerce.number().int().min(1).optional(),
  responses: z.coerce.number().int().min(10).optional(),
  recipients: z.coerce.number().int().min(1).optional(),
  seed: z.coerce.number().int().default(20260301),
  only: z
    .string()
    .transform((value) => value.split(","))
    .pipe(z.array(z.enum(sectionNames)))
    .optional(),
  out: z.string().min(1).optional(),
});

/** Reads the arguments after `--`; throws with every problem named. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const name = arg.slice(2);
    const value = argv[i + 1];
    if (name === "quick" || name === "fresh") raw[name] = true;
    else if (value !== undefined && !value.startsWith("--")) {
      raw[name] = value;
      i += 1;
    } else throw new Error(`--${name} needs a value`);
  }
  const parsed = argsSchema.strict().safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`);
    throw new Error(`bad arguments:\n  ${problems.join("\n  ")}`);
  }
  const { quick, seed, out, responses, recipients } = parsed.data;
  return {
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
}
