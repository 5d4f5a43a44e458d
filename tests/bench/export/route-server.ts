// The download route handler behind a plain Node HTTP server, in a process of its own so that its peak RSS is the
// export's alone. Started by tests/bench/export.ts with the bench's DATABASE_URL, BLOB_DIR and EXPORT_CACHE_DIR;
// prints "listening <port>" once ready. GET /__rss answers this process's peak resident set size in bytes.
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { NextRequest } from "next/server";
import { GET } from "../../../app/api/datasets/[versionId]/download/route";

const server = createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/__rss") {
      res.end(String(process.resourceUsage().maxRSS * 1024));
      return;
    }
    const match = /^\/api\/datasets\/([^/]+)\/download$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await GET(new NextRequest(url, { headers }), { params: Promise.resolve({ versionId: match[1]! }) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return res.end();
    // pipeline, not pipe: a body that fails part way must end this response, never throw an unhandled 'error'
    // event that takes the whole server (and every other download) down.
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
  })().catch((error: unknown) => {
    console.error(`route server: ${req.url} failed:`, error);
    res.destroy();
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
