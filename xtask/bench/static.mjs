// The benches' host: serves a built site on 127.0.0.1 as a host would (gzip -9 for what a
// host compresses, once per file; index files are gzipped at rest and sent as they are),
// a shop's blank page embedding the widget at /__bench/shop.html, and records every
// response's path and bytes as sent.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
};
const COMPRESSED = new Set([".html", ".js", ".css", ".json", ".wasm", ".svg"]);
const SHOP = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<link rel="icon" href="data:,"><script async src="/kefu/kefu.js" data-preload="click"></script></head>
<body><h1>A shop</h1></body></html>`;

/** Serves `dir`; resolves to { server, base, sent }, `sent` growing with { path, bytes }. */
export async function serve(dir) {
  const sent = [];
  const gzipped = new Map();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let body;
    let type;
    if (url.pathname === "/__bench/shop.html") {
      body = Buffer.from(SHOP);
      type = TYPES[".html"];
    } else {
      let path = normalize(join(dir, decodeURIComponent(url.pathname)));
      if (!path.startsWith(dir)) path = join(dir, "404.html");
      if (url.pathname.endsWith("/")) path = join(path, "index.html");
      try {
        body = await readFile(path);
      } catch {
        res.writeHead(404);
        res.end();
        return;
      }
      type = TYPES[extname(path)] ?? "application/octet-stream";
      if (COMPRESSED.has(extname(path)) && /gzip/.test(req.headers["accept-encoding"] || "")) {
        // Compressed once, as a host serves precompressed files: gzip -9 of a wasm module
        // on every request would be timed as the widget's.
        if (!gzipped.has(path)) gzipped.set(path, gzipSync(body, { level: 9 }));
        body = gzipped.get(path);
        res.setHeader("content-encoding", "gzip");
      }
    }
    sent.push({ path: url.pathname, bytes: body.length });
    res.writeHead(200, { "content-type": type, "cache-control": "max-age=3600" });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}`, sent };
}

/** Resolves once `sent` has not grown for `quiet` ms. */
export async function networkIdle(sent, quiet = 500) {
  let seen = -1;
  while (seen !== sent.length) {
    seen = sent.length;
    await new Promise((r) => setTimeout(r, quiet));
  }
}
