/**
 * The temporary folders and child processes of one benchmark run. A run's databases take up
 * to 760 MB of the temporary folder, so they are removed when the run ends and also when it is
 * interrupted (Ctrl+C, SIGTERM), which would otherwise skip every `finally`.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const folders = new Set<string>();
const children = new Set<ChildProcess>();

/** A new folder under the system's temporary folder, removed if the run is interrupted. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.add(dir);
  return dir;
}

/** Removes a folder made by makeTempDir. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  folders.delete(dir);
}

/** A child that writes into a temporary folder: stopped before the folders are removed. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.on("exit", () => children.delete(child));
}

/** On SIGINT or SIGTERM: stops the children, removes the folders, exits with 128 + signal. */
export function cleanUpOnSignals(): void {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, removing the temporary files\n`);
      for (const child of children) child.kill("SIGKILL");
      for (const dir of folders) rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    });
  }
}
