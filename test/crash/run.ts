/**
 * `npm run test:crash`: the full crash trial, 500 teachers by default. Options:
 * --teachers N, --concurrency N, --seed N, --uptime MIN-MAX (ms the bot lives between kills),
 * --wait MS (how long a teacher waits for a reaction before acting again).
 * Prints the figures and exits non-zero when an answer was lost or doubled, a teacher did not
 * finish, or the database fails its integrity check.
 */
import { parseArgs } from "node:util";
import { type CrashFigures, runCrashTrial } from "./crash-trial.js";

const { values } = parseArgs({
  options: {
    teachers: { type: "string", default: "500" },
    concurrency: { type: "string", default: "100" },
    seed: { type: "string", default: String(Date.now() % 100_000) },
    uptime: { type: "string", default: "1000-4000" },
    wait: { type: "string", default: "2500" },
  },
});
const [minUptime, maxUptime] = (values.uptime ?? "").split("-").map(Number);
const options = {
  teachers: Number(values.teachers),
  concurrency: Number(values.concurrency),
  seed: Number(values.seed),
  uptimeMs: [minUptime ?? 1000, maxUptime ?? 4000] as [number, number],
  waitMs: Number(values.wait),
};
console.log(
  `crash trial: ${options.teachers} teachers, ${options.concurrency} at a time, seed ${options.seed}`,
);
const figures = await runCrashTrial({ ...options, progress: (line) => console.log(`  ${line}`) });
print(figures);
process.exit(failed(figures) ? 1 : 0);

function print(f: CrashFigures): void {
  const rows: [string, string | number][] = [
    ["teachers", f.teachers],
    ["kills", f.kills],
    ["answers", f.answers],
    ["lost", f.lost],
    ["doubled", f.doubled],
    ["out of order", f.outOfOrder],
    ["unfinished", f.unfinished],
    ["invalid responses", f.invalid],
    ["retries (no reaction in time)", f.retries],
    ["fell back to /start", f.restarts],
    ["integrity_check", f.integrity],
    ["seconds", f.seconds],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(30)} ${value}`);
  for (const problem of f.problems) console.log(`  problem: ${problem}`);
}

function failed(f: CrashFigures): boolean {
  return f.lost + f.doubled + f.outOfOrder + f.unfinished + f.invalid > 0 || f.integrity !== "ok";
}
