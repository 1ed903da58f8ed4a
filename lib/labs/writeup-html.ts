/**
 * The write-up as one self-contained HTML page: every image inlined as a data: URL, styles inline,
 * no script, nothing fetched. The PDF is printed from this page.
 */
import { doneForMeText, stepCompletionText, stepTimeText, terminalText, totalTimeText, type WriteupDocument, type WriteupImage, type WriteupMoment, type WriteupSection } from "./writeup";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const clock = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, "<br>")}</p>`)
    .join("\n");

function dataUrl(image: WriteupImage, stepImages: Map<string, Buffer>): string | undefined {
  if (image.svg) return `data:image/svg+xml;base64,${Buffer.from(image.svg, "utf8").toString("base64")}`;
  const png = image.stepId ? stepImages.get(image.stepId) : undefined;
  return png && `data:image/png;base64,${png.toString("base64")}`;
}

function figure(image: WriteupImage, stepImages: Map<string, Buffer>): string {
  const src = dataUrl(image, stepImages);
  return src ? `<figure><img src="${src}" alt="${escapeHtml(image.alt)}"></figure>` : "";
}

function momentHtml(moment: WriteupMoment, stepImages: Map<string, Buffer>): string {
  return [
    `<div class="moment"><h4>${escapeHtml(moment.title)} <span class="at">${clock(moment.at)}</span></h4>`,
    figure(moment.image, stepImages),
    moment.output || moment.command ? `<pre class="terminal">${escapeHtml(terminalText(moment))}</pre>` : "",
    moment.detail ? `<pre class="detail">${escapeHtml(moment.detail)}</pre>` : "",
    "</div>",
  ].join("\n");
}

function sectionHtml(section: WriteupSection, stepImages: Map<string, Buffer>): string {
  return [
    `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.heading)}</h2>`,
    paragraphs(section.text),
    ...section.notes.map((note) => `<blockquote>${paragraphs(note)}</blockquote>`),
    section.stepImage ? figure(section.stepImage, stepImages) : "",
    ...section.moments.map((moment) => momentHtml(moment, stepImages)),
    "</section>",
  ].join("\n");
}

function reflectionHtml(reflection: WriteupDocument["reflection"]): string {
  const rows = reflection.rows.map(
    (row) => `<tr><td>${escapeHtml(row.title)}</td><td>${stepTimeText(row)}</td><td>${row.checkAttempts}</td><td>${row.hintsUsed}</td><td>${doneForMeText(row)}</td></tr>`,
  );
  const total = totalTimeText(reflection);
  const head = "<tr><th>Step</th><th>Time</th><th>Check my work</th><th>Hints used</th><th>Do it for me</th></tr>";
  const totals = `<tr class="total"><td>Whole lab</td><td>${total}</td><td>${reflection.checkAttempts}</td><td>${reflection.hintsUsed}</td><td>${reflection.doneForMe}</td></tr>`;
  return `<section id="reflection"><h2>Reflection</h2><table><thead>${head}</thead><tbody>${rows.join("")}${totals}</tbody></table></section>`;
}

const STYLE = `
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#0f172a;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:1px solid #cbd5e1;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem}h4{font-size:1rem;margin-bottom:.3rem}.summary{font-style:italic;font-size:1.1rem}.byline,.at{color:#475569;font-size:.85rem}
figure{margin:.5rem 0}img{max-width:100%;border:1px solid #e2e8f0;border-radius:.3rem}
pre{white-space:pre-wrap;word-break:break-word;font-family:"DejaVu Sans Mono",monospace;font-size:.8rem;border-radius:.3rem;padding:.6rem}
pre.terminal{background:#0f172a;color:#f1f5f9}pre.detail{background:#f1f5f9}
.moment{break-inside:avoid;margin:1rem 0}blockquote{border-left:3px solid #94a3b8;margin-left:0;padding-left:1rem;color:#334155}
table{border-collapse:collapse}td,th{border:1px solid #cbd5e1;padding:.25rem .6rem;text-align:left}tr.total{font-weight:bold}
`;

export function writeupHtml(document: WriteupDocument, stepImages: Map<string, Buffer>): string {
  const steps = document.steps.map((step) => `<li>${escapeHtml(step.title)} <span class="at">${stepCompletionText(step)}</span></li>`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.title)} — write-up</title><style>${STYLE}</style></head>
<body>
<header><h1>${escapeHtml(document.title)}</h1><p class="summary">${escapeHtml(document.summary.text)}</p><p class="byline">${escapeHtml(document.byline)}</p></header>
<section id="introducing"><h2>Introducing today's project</h2>
${document.intro.map((section) => `<h3>${escapeHtml(section.heading)}</h3>\n${paragraphs(section.text)}`).join("\n")}
</section>
<section id="first-part"><h2>In the first part of my project…</h2><ol>${steps.join("")}</ol></section>
${document.sections.map((section) => sectionHtml(section, stepImages)).join("\n")}
${reflectionHtml(document.reflection)}
</body></html>
`;
}
