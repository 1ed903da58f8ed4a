/**
 * The write-up as a PDF, printed by Chromium (playwright-core drives it) from the same
 * self-contained HTML page the HTML export is. Chromium is found as the e2e and the bench find it:
 * CHROMIUM_PATH, else /usr/bin/chromium. Without one the export says so instead of failing vaguely.
 */
import fs from "node:fs";

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(`PDF export needs Chromium, and none was found at ${path}. Install Chromium (e.g. apt-get install chromium) or set CHROMIUM_PATH to its executable; the Markdown and HTML exports work without it.`);
    this.name = "ChromiumMissingError";
  }
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/** The page printed on A4 with its backgrounds (the terminal blocks are dark), headings as the PDF's outline. */
export async function printWriteupPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  // A path from the environment, not a file of the app: Next's tracer must not bundle the whole project for it.
  if (!fs.existsSync(/* turbopackIgnore: true */ executablePath)) throw new ChromiumMissingError(executablePath);
  const { chromium } = await import("playwright-core");
  // No network: the page is self-contained, and a user's text must not make the server fetch anything.
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({ format: "A4", printBackground: true, outline: true, tagged: true, margin: { top: "16mm", bottom: "16mm", left: "14mm", right: "14mm" } });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
