import { spawn } from "node:child_process";
const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: "/work/main", env: { PATH: process.env.PATH, BOT_TOKEN: "777000:SECRETtokenXYZ", BOT_API_ROOT: "http://127.0.0.1:9", DATABASE_PATH: "/tmp/closed-test.db", LOG_LEVEL: "debug" } });
let out = "";
child.stdout.on("data", (c) => (out += c)); child.stderr.on("data", (c) => (out += c));
child.on("exit", (code) => { console.log("exit", code); console.log(out); });
