/**
 * Runs the real bot (`src/main.ts`) as a child process against an emulator, the way a
 * deployment runs it, so tests can kill it with SIGKILL and start it again on the same file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A running bot process and what it logged. */
export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Sends a signal and resolves when the process has exited, with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `npm start`'s entry point with `env` and resolves once it polls for updates. */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );

  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes("polling for updates")) {
        child.stdout?.off("data", check);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    exited.then((code) =>
      reject(new Error(`the bot exited with ${code} before polling:\n${output}`)),
    );
  });

  return {
    child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
