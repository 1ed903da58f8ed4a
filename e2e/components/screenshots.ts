/**
 * Screenshots of the diagram harness for looking at the layout by eye:
 * SHOTS="lab1:1280x720,labs&presenter=1:1280x720" npx tsx e2e/components/screenshots.ts  (writes /tmp/shots/*.png)
 */
import fs from "node:fs";
import { buildHarness, launchChromium, serve } from "./harness";
async function main() {
  fs.mkdirSync("/tmp/shots", { recursive: true });
  const dir = await buildHarness();
  const server = await serve(dir);
  const browser = await launchChromium();
  const shots = (process.env.SHOTS ?? "lab1:1280x720,lab2:1440x900").split(",");
  for (const shot of shots) {
    const [query, size] = shot.split(":");
    const [width, height] = size.split("x").map(Number);
    const page = await browser.newPage({ viewport: { width, height } });
    page.on("pageerror", (e) => console.log("pageerror:", e.message));
    await page.goto(`${server.url}?fixture=${query}`);
    await page.waitForFunction(() => window.harness.drawnAt !== undefined, null, { timeout: 20000 });
    await page.waitForTimeout(400);
    const name = `/tmp/shots/${query.replace(/[^a-z0-9]+/gi, "_")}-${size}.png`;
    await page.screenshot({ path: name });
    console.log(name, await page.evaluate(() => ({ drawn: window.harness.drawnAt, mounted: window.harness.mountedAt, n: window.harness.expectedNodes })));
    await page.close();
  }
  await browser.close();
  await server.close();
}
void main();
