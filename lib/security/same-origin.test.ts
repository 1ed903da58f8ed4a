import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./same-origin";

const HOST = "console.test:3000";

function request(method: string, headers: Record<string, string>, url = `http://${HOST}/api/terminal/abc`): NextRequest {
  return new NextRequest(url, { method, headers: { host: HOST, ...headers }, body: method === "GET" ? undefined : JSON.stringify({ data: "ls\n" }) });
}

/** Every route handler file under app/api, and the state-changing methods it exports. */
function stateChangingRoutes(): Array<{ file: string; method: string }> {
  const files = fs.readdirSync("app/api", { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith("route.ts"));
  return files.flatMap((file) => {
    const source = fs.readFileSync(path.join("app/api", file), "utf8");
    return ["POST", "PUT", "PATCH", "DELETE"].filter((method) => new RegExp(`export (const|async function) ${method}\\b`).test(source)).map((method) => ({ file, method }));
  });
}

describe("the Origin check on state-changing routes", () => {
  it("refuses a write from another origin, and allows this origin's and a non-browser client's", () => {
    expect(isCrossSiteWrite(request("POST", { origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteWrite(request("POST", { origin: "http://console.test:3001" }))).toBe(true);
    expect(isCrossSiteWrite(request("DELETE", { origin: "null" }))).toBe(true);
    expect(isCrossSiteWrite(request("POST", { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteWrite(request("POST", { origin: `http://${HOST}` }))).toBe(false);
    expect(isCrossSiteWrite(request("POST", { origin: "https://lab.school.example", "x-forwarded-host": "lab.school.example" }))).toBe(false);
    expect(isCrossSiteWrite(request("POST", {}))).toBe(false);
    expect(isCrossSiteWrite(request("GET", { origin: "https://evil.example" }))).toBe(false);
  });

  it("covers terminal input, closing a terminal and Auth.js's POST", () => {
    expect(stateChangingRoutes()).toEqual(
      expect.arrayContaining([
        { file: "terminal/[sessionId]/route.ts", method: "POST" },
        { file: "terminal/[sessionId]/route.ts", method: "DELETE" },
        { file: "auth/[...nextauth]/route.ts", method: "POST" },
      ]),
    );
  });

  it.each(stateChangingRoutes())("answers 403 to a cross-origin $method to app/api/$file", async ({ file, method }) => {
    const route = (await import(`@/app/api/${file.replace(/\.ts$/, "")}`)) as Record<string, (request: NextRequest, context: unknown) => Promise<Response>>;
    const url = `http://${HOST}/api/${path.dirname(file).replace("[sessionId]", "abc").replace("[...nextauth]", "signout")}`;
    const response = await route[method](request(method, { origin: "https://evil.example", "content-type": "application/json" }, url), {
      params: Promise.resolve({ sessionId: "abc", nextauth: ["signout"] }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "Cross-origin request refused." });
  });
});
