// Opens pages of the Orleans dashboard in headless chromium, waits on each until every expected text is
// shown (the dashboard polls its JSON API every second, so live silos and grain activity appear after a
// moment; compared case-insensitively, as the page upper-cases some titles), saves a screenshot of each
// and prints [{route, status, text}] as JSON for the test to assert on.
// Usage: node dashboard-page.mjs BASE_URL USER PASSWORD OUT_DIR ROUTE "text|text" [ROUTE "text|text" ...]
//   ROUTE is the dashboard's own hash route ("" for the overview, "grains", "silos"), or a page beside it when
//   it starts with "./" ("./uploads": the service's open uploads page); the screenshot is
//   OUT_DIR/dashboard-<route or overview>.png.
import path from "node:path";
import { chromium } from "playwright-core";

const [baseUrl, username, password, outDir, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  // CI runs as root in a container: chromium's sandbox needs user namespaces it may not have there.
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const results = [];
try {
  const context = await browser.newContext({ httpCredentials: { username, password }, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  for (let i = 0; i < pages.length; i += 2) {
    const route = pages[i];
    const wanted = pages[i + 1].split("|").filter(Boolean).map((t) => t.toLowerCase());
    const server = route.startsWith("./"); // a page the server renders: loaded again until it shows the texts
    const target = server ? new URL(route, baseUrl).href : `${baseUrl}#/${route}`;
    let response = await page.goto(target, { waitUntil: "load" });
    const screenshot = path.join(outDir, `dashboard-${route.replace(/[^a-z0-9-]/gi, "") || "overview"}.png`);
    let shown = true;
    if (server) {
      shown = false;
      for (const deadline = Date.now() + 45000; Date.now() < deadline; ) {
        const text = (await bodyText(page)).toLowerCase();
        if (wanted.every((t) => text.includes(t))) {
          shown = true;
          break;
        }
        await page.waitForTimeout(1000);
        response = (await page.goto(target, { waitUntil: "load" }).catch(() => null)) ?? response;
      }
    } else {
      try {
        await page.waitForFunction((texts) => texts.every((t) => document.body.innerText.toLowerCase().includes(t)), wanted, { timeout: 45000, polling: 250 });
        await page.waitForTimeout(500); // let the charts finish drawing for the screenshot
      } catch {
        shown = false;
      }
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    results.push({ route, status: response?.status() ?? 0, shown, screenshot, text: await bodyText(page) });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));

// The page's text; read again when a reload of the page (its own refresh) replaced the document meanwhile.
async function bodyText(page) {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      return await page.evaluate(() => document.body.innerText);
    } catch {
      await page.waitForTimeout(200);
    }
  }
  return "";
}
