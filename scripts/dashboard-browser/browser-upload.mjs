// Drives samples/browser-upload in headless chromium (the same playwright-core and Debian chromium as
// dashboard-page.mjs): serves the page from its own origin, http://localhost:PORT (a second tiny static
// server, so every request to the service is cross-origin and CORS is really exercised), and for each
// scenario picks FILE, pastes the presigned UploadPart URLs, clicks Upload and collects what the page
// read: [{name, parts: [{partNumber, size, status, etag, error}]}] as JSON on stdout.
// Usage: node browser-upload.mjs SPEC.json   SPEC: {port, file, partSize, scenarios: [{name, urls}]}
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const spec = JSON.parse(await readFile(process.argv[2], "utf8"));
const pageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "samples", "browser-upload");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8" };
const server = http.createServer(async (request, response) => {
  const name = new URL(request.url, "http://localhost").pathname.replace(/^\/$/, "/index.html");
  try {
    const body = await readFile(path.join(pageDir, path.basename(name)));
    response.writeHead(200, { "Content-Type": types[path.extname(name)] ?? "application/octet-stream" }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(spec.port, "localhost", resolve));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const results = [];
try {
  for (const scenario of spec.scenarios) {
    const context = await browser.newContext(); // no preflight cache shared between scenarios
    const page = await context.newPage();
    const messages = [];
    page.on("console", (message) => messages.push(message.text()));
    await page.goto(`http://localhost:${spec.port}/index.html`, { waitUntil: "load" });
    await page.setInputFiles("#file", spec.file);
    await page.fill("#urls", scenario.urls.join("\n"));
    await page.fill("#part-size", String(spec.partSize));
    await page.click("#upload");
    await page.waitForFunction(() => document.getElementById("log").textContent.startsWith("["), null, { timeout: 120000 });
    const parts = JSON.parse(await page.textContent("#log"));
    results.push({ name: scenario.name, origin: await page.evaluate(() => location.origin), parts, console: messages });
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(results));
