// Opens pages of the Orleans dashboard in headless chromium, waits on each until every expected text is
// shown (the dashboard polls its JSON API every second, so live silos and grain activity appear after a
// moment; compared case-insensitively, as the page upper-cases some titles), saves a screenshot of each
// and prints [{route, status, text}] as JSON for the test to assert on.
// Usage: node dashboard-page.mjs BASE_URL USER PASSWORD OUT_DIR ROUTE "text|text" [ROUTE "text|text" ...]
//   ROUTE is the dashboard's own hash route ("" for the overview, "grains", "silos"); the screenshot is
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
    const response = await page.goto(`${baseUrl}#/${route}`, { waitUntil: "load" });
    const screenshot = path.join(outDir, `dashboard-${route || "overview"}.png`);
    let shown = true;
    try {
      await page.waitForFunction((texts) => texts.every((t) => document.body.innerText.toLowerCase().includes(t)), wanted, { timeout: 45000, polling: 250 });
      await page.waitForTimeout(500); // let the charts finish drawing for the screenshot
    } catch {
      shown = false;
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    results.push({ route, status: response?.status() ?? 0, shown, screenshot, text: await page.evaluate(() => document.body.innerText) });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
