/**
 * Generated databases, kept between runs: 100,000 responses take minutes to generate and are
 * the same every time for the same seed, generator, survey and migrations. A cached file is
 * named by its size, its seed and a hash of all of those, so any change to them generates it
 * afresh while other seeds' files stay; each run works on a copy, never on the cached file.
 */
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PromptList } from "../../src/survey/prompts.js";
import { round } from "./figures.js";
import { type SeededCounts, seedResponses } from "./seed-responses.js";

/** How a dataset of one run was obtained. */
export interface DatasetInfo {
  completed: number;
  /** Copied from the cache of an earlier run, so neither counted nor timed here. */
  cached: boolean;
  counts: SeededCounts | null;
  /** Seconds spent generating, or null when the file came from the cache. */
  generatedInS: number | null;
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const cacheDir = join(tmpdir(), "saualnama-bench-cache");
/** What the generated file depends on, besides the seed and the size. */
const inputs = [
  "test/bench/seed-responses.ts",
  "test/bench/answer-choices.ts",
  "test/bench/figures.ts",
  "src/survey",
  "src/surveys",
  "migrations",
];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

function cacheKey(completed: number, seed: number): string {
  const hash = createHash("sha256").update(`${completed}:${seed}`);
  for (const file of inputs.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/** Generated databases for one run, copied into `dir`. */
export function createDatasets(prompts: PromptList, seed: number, dir: string, cache: boolean) {
  const made = new Map<number, { path: string; info: DatasetInfo }>();
  return {
    /** The path of a database with `completed` completed responses (and their unfinished share). */
    path(completed: number): string {
      const known = made.get(completed);
      if (known) return known.path;
      const path = join(dir, `responses-${completed}.db`);
      const cached = join(
        cacheDir,
        `${cachePrefix(completed, seed)}${cacheKey(completed, seed)}.db`,
      );
      let info: DatasetInfo = { completed, cached: true, counts: null, generatedInS: null };
      if (!cache || !existsSync(cached)) {
        const started = performance.now();
        const counts = seedResponses(path, prompts, completed, seed);
        const generatedInS = round((performance.now() - started) / 1000, 1);
        info = { completed, cached: false, counts, generatedInS };
        if (cache) keep(path, cached, cachePrefix(completed, seed));
      } else copyFileSync(cached, path);
      made.set(completed, { path, info });
      return path;
    },
    /** How each database of this run was obtained. */
    infos: (): DatasetInfo[] => [...made.values()].map((entry) => entry.info),
  };
}

/** How cached files of one size and seed are named, so that other seeds' files stay. */
function cachePrefix(completed: number, seed: number): string {
  return `responses-${completed}-seed${seed}-`;
}

/** Stores a fresh file in the cache, replacing older files of the same size and seed. */
function keep(path: string, cached: string, prefix: string): void {
  mkdirSync(cacheDir, { recursive: true });
  for (const name of readdirSync(cacheDir)) {
    if (name.startsWith(prefix)) rmSync(join(cacheDir, name), { force: true });
  }
  const partial = `${cached}.partial`;
  copyFileSync(path, partial);
  renameSync(partial, cached);
}
