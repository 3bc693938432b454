// POST Object from a real browser: serves an HTML form (the spec's action and fields, then a file input,
// as S3's browser-upload pages are written) from its own origin, http://localhost:PORT, picks FILE in
// headless chromium, clicks submit and reports what the service answered the browser's own form
// submission: {origin, status, location, body} as JSON on stdout.
// Usage: node form-upload.mjs SPEC.json   SPEC: {port, file, action, fields: {name: value}}
import { readFile } from "node:fs/promises";
import http from "node:http";
import { chromium } from "playwright-core";

const spec = JSON.parse(await readFile(process.argv[2], "utf8"));
const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const hidden = Object.entries(spec.fields).map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join("\n");
const page = `<!doctype html><html><head><meta charset="utf-8"><title>upload</title></head><body>
<form id="form" action="${escape(spec.action)}" method="post" enctype="multipart/form-data">
${hidden}
<input type="file" id="file" name="file">
<input type="submit" id="send" value="Upload">
</form></body></html>`;
const server = http.createServer((request, response) => response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page));
await new Promise((resolve) => server.listen(spec.port, "localhost", resolve));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const tab = await (await browser.newContext()).newPage();
  await tab.goto(`http://localhost:${spec.port}/`, { waitUntil: "load" });
  const origin = await tab.evaluate(() => location.origin);
  await tab.setInputFiles("#file", spec.file);
  const [answer] = await Promise.all([
    tab.waitForResponse((r) => r.request().method() === "POST" && r.url().startsWith(spec.action), { timeout: 120000 }),
    tab.click("#send"),
  ]);
  const body = await answer.text();
  console.log(JSON.stringify({ origin, status: answer.status(), location: answer.headers()["location"] ?? null, body }));
} finally {
  await browser.close();
  server.close();
}
