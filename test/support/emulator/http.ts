import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiResponse } from "./store.js";
import { badRequest, isJson, type Json } from "./validate.js";

/** A multipart file part as received. */
export interface FilePart {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** Decoded request parameters and multipart files. */
export interface Decoded {
  params: Json;
  files: Map<string, FilePart>;
}

/** One `/bot<token>/<method>` request handed to the dispatcher. */
export interface IncomingCall {
  token: string;
  method: string;
  at: number;
  /** Reads and decodes the body; throws ApiError for malformed input. */
  load: () => Promise<Decoded>;
  /** Aborted when the client goes away (killed bot, aborted long poll). */
  signal: AbortSignal;
}

/** The listening emulator server. */
export interface HttpServer {
  port: number;
  close: () => Promise<void>;
}

const JSON_FIELDS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "allowed_updates",
  "commands",
  "scope",
  "link_preview_options",
  "reply_parameters",
  "media",
  "menu_button",
]);
const INT_FIELDS = new Set([
  "chat_id",
  "message_id",
  "offset",
  "limit",
  "timeout",
  "cache_time",
  "user_id",
  "message_thread_id",
  "reply_to_message_id",
  "max_connections",
]);
const BOOL_FIELDS = new Set([
  "show_alert",
  "disable_notification",
  "protect_content",
  "drop_pending_updates",
  "has_spoiler",
  "disable_content_type_detection",
  "allow_sending_without_reply",
]);

/** Turns form-encoded strings into the JSON values Telegram would read from them. */
function normalize(params: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = value;
    if (typeof value !== "string") continue;
    if (JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
      } catch {
        throw badRequest(`can't parse ${key} JSON object`);
      }
    } else if (INT_FIELDS.has(key) && /^-?\d+$/.test(value)) {
      out[key] = Number(value);
    } else if (BOOL_FIELDS.has(key) && /^(true|false)$/.test(value)) {
      out[key] = value === "true";
    }
  }
  return out;
}

/** Reads `name=value` from a header; `toEnd` takes an unquoted value up to the line end. */
function headerParam(header: string, name: string, toEnd = false): string | undefined {
  const quoted = new RegExp(`(?:^|;)\\s*${name}="([^"]*)"`, "i").exec(header);
  const bare = toEnd ? "([^\\r\\n]*)" : "([^;\\s]*)";
  return quoted?.[1] ?? new RegExp(`(?:^|;)\\s*${name}=${bare}`, "i").exec(header)?.[1];
}

/**
 * Lenient multipart reader: grammY writes part headers without spaces and file names
 * unquoted, which busboy and Request#formData reject or silently drop.
 */
function parseMultipart(body: Buffer, contentType: string, into: Decoded): void {
  const boundary = headerParam(contentType, "boundary");
  if (boundary === undefined) throw badRequest("multipart boundary is missing");
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(`--${boundary}`);
  if (pos < 0) throw badRequest("multipart body has no parts");
  pos += boundary.length + 2;
  while (body.subarray(pos, pos + 2).toString() !== "--") {
    const start = body.indexOf("\r\n", pos) + 2;
    const end = body.indexOf(delimiter, start);
    const headerEnd = body.indexOf("\r\n\r\n", start);
    if (start < 2 || end < 0 || headerEnd < 0 || headerEnd > end) {
      throw badRequest("malformed multipart body");
    }
    const headers = new Map<string, string>();
    for (const line of body.subarray(start, headerEnd).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get("content-disposition") ?? "";
    const name = headerParam(disposition, "name");
    const content = body.subarray(headerEnd + 4, end);
    const filename = headerParam(disposition, "filename", true);
    if (name !== undefined && filename !== undefined) {
      const contentType = headers.get("content-type") ?? "application/octet-stream";
      into.files.set(name, { filename, contentType, bytes: Buffer.from(content) });
    } else if (name !== undefined) {
      into.params[name] = content.toString("utf8");
    }
    pos = end + delimiter.length;
  }
}

async function decode(req: IncomingMessage, url: URL): Promise<Decoded> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const decoded: Decoded = { params: Object.fromEntries(url.searchParams), files: new Map() };
  const type = body.length === 0 ? "" : (req.headers["content-type"] ?? "");
  if (/^application\/json/i.test(type)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON request body");
    }
    if (!isJson(parsed)) throw badRequest("JSON request body is not an object");
    Object.assign(decoded.params, parsed);
  } else if (/^application\/x-www-form-urlencoded/i.test(type)) {
    Object.assign(decoded.params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  } else if (/^multipart\/form-data/i.test(type)) {
    parseMultipart(body, type, decoded);
  }
  return { ...decoded, params: normalize(decoded.params) };
}

function send(res: ServerResponse, body: ApiResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const json = JSON.stringify(body);
  const status = body.ok ? 200 : body.error_code;
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}

async function serve(
  handler: (call: IncomingCall) => Promise<ApiResponse>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const url = new URL(req.url ?? "/", "http://emulator");
  const route = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (route === null) {
    req.resume();
    send(res, { ok: false, error_code: 404, description: "Not Found" });
    return;
  }
  const call: IncomingCall = {
    token: decodeURIComponent(route[1] ?? ""),
    method: route[2] ?? "",
    at: Date.now(),
    load: () => decode(req, url),
    signal: controller.signal,
  };
  try {
    send(res, await handler(call));
  } catch (error) {
    if (controller.signal.aborted) return;
    const description = `Internal emulator error: ${(error as Error).message}`;
    send(res, { ok: false, error_code: 500, description });
  }
}

/** Starts the HTTP server on 127.0.0.1 with a random port. */
export async function listen(
  handler: (call: IncomingCall) => Promise<ApiResponse>,
): Promise<HttpServer> {
  const server = createServer((req, res) => void serve(handler, req, res));
  server.on("clientError", (_error, socket) => socket.destroy());
  // grammY reuses keep-alive sockets; a server-side idle close could race a new request.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
