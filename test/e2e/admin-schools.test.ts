/**
 * /schools end to end: every school with its start link and response count, and a QR poster
 * whose modules, read back from the PNG Telegram received, spell the school's link.
 */
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTranslations, type Translate } from "../../src/i18n.js";
import { type AdminRig, schoolsCsv, startAdminRig } from "../reports/admin-rig.js";
import { readPng } from "../reports/png.js";

let admin: AdminRig;
let t: Translate;

beforeAll(async () => {
  admin = await startAdminRig({ seed: { count: 200, seed: 9 } });
  t = (await loadTranslations()).t("kk");
});
afterAll(async () => {
  await admin?.close();
});

const link = (code: string) => `https://t.me/${admin.rig.emu.me.username}?start=${code}`;

describe("/schools for an admin", () => {
  it("lists every school with its start link and finished responses", async () => {
    const text = await admin.command("/schools");
    const rows = schoolsCsv()
      .csv.split("\n")
      .slice(1)
      .map((line) => line.split(","));
    rows.forEach(([code = "", name = "", , , teachers = ""], index) => {
      const finished = admin.seeded.filter(
        (r) => r.schoolCode === code && r.stage === "completed" && !r.tester,
      ).length;
      const line = t("admin:schools.line", {
        index: index + 1,
        code,
        name,
        count: finished >= 5 ? String(finished) : "< 5",
        teachers,
        link: link(code),
      });
      expect(text).toContain(line);
    });
    expect(text).not.toContain(String(admin.admin.chatId));
  });

  it("sends a QR poster whose modules encode the school's link, with the name under it", async () => {
    await admin.command("/schools");
    const calls = await admin.press("🔳 SCH03");
    const photo = calls.find((call) => call.method === "sendPhoto");
    expect(String(photo?.params.caption)).toContain("Қонаев қалалық №3 мектеп");
    expect(String(photo?.params.caption)).toContain(link("SCH03"));
    const png = readPng(photo?.files[0]?.bytes ?? Buffer.alloc(0));
    // 40 px margin, a 640 px code, 40 px gap, one 46 px line of name, 70 px for the link.
    expect([png.width, png.height]).toEqual([800, 40 + 640 + 40 + 46 + 70]);

    const qr = QRCode.create(link("SCH03"), { errorCorrectionLevel: "M" });
    const size = qr.modules.size;
    const module = 640 / (size + 4);
    let mismatches = 0;
    for (let row = 0; row < size; row += 1) {
      for (let column = 0; column < size; column += 1) {
        const x = Math.floor(80 + (column + 2.5) * module);
        const y = Math.floor(40 + (row + 2.5) * module);
        if (png.dark(x, y) !== Boolean(qr.modules.data[row * size + column])) mismatches += 1;
      }
    }
    expect(mismatches).toBe(0);
    // The name is drawn under the code: ink below it, not only white paper.
    let inked = 0;
    for (let x = 0; x < 800; x += 1)
      for (let y = 720; y < 766; y += 1) if (png.dark(x, y)) inked += 1;
    expect(inked).toBeGreaterThan(500);
  });
});
