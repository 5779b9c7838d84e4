/**
 * A printable poster for a school: the QR code of its start link, its name under it, and the
 * link in plain text for those who type it. The QR comes from the qrcode package as SVG; the
 * name is set in the bundled DejaVu font, so Kazakh names print correctly on any server.
 */
import QRCode from "qrcode";
import { FONT_FAMILY, type Png, svgToPng } from "./render-png.js";
import { wrap } from "./wrap-text.js";

const WIDTH = 800;
const QR_SIZE = 640;
const TOP = 40;
const NAME_LINE = 46;
const LINK_BLOCK = 70;

/** Renders the poster of `link` for the school called `name`. */
export async function schoolPoster(link: string, name: string): Promise<Png> {
  const qr = await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(qr)?.[1]);
  const body = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(qr)?.[1];
  if (!size || !body) throw new Error("the qrcode package returned SVG in an unexpected shape");

  const lines = wrap(name, 30, 4);
  const nameTop = TOP + QR_SIZE + 40;
  const height = nameTop + lines.length * NAME_LINE + LINK_BLOCK;
  const text = (content: string, y: number, fontSize: number, weight: string) =>
    `<text x="${WIDTH / 2}" y="${y}" text-anchor="middle" font-family="${FONT_FAMILY}" font-size="${fontSize}" font-weight="${weight}" fill="#000">${escapeXml(content)}</text>`;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<g transform="translate(${(WIDTH - QR_SIZE) / 2} ${TOP}) scale(${QR_SIZE / size})">${body}</g>`,
    ...lines.map((line, index) => text(line, nameTop + index * NAME_LINE + 34, 36, "bold")),
    text(link, nameTop + lines.length * NAME_LINE + 40, 24, "normal"),
    "</svg>",
  ].join("");
  return svgToPng(svg);
}

function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
