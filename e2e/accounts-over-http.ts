/**
 * Students made over plain HTTP, as a browser without JavaScript makes them: the sign-up, sign-in
 * and join forms posted to the console's own server actions (Next takes a form post carrying the
 * action's hidden fields, then answers with the action's redirect). The same server code as the
 * browser's forms, without a browser: for students who only need to be on a class board. Plain
 * fetch with its own cookie jar, so the Playwright suite and the benchmarks both use it. A server
 * action a page calls from its JavaScript (no form) is posted the way React posts it (callAction).
 */

const ENTITIES: Record<string, string> = { "&quot;": '"', "&#x27;": "'", "&#39;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };

function decodeEntities(text: string): string {
  return text.replace(/&(quot|#x27|#39|lt|gt|amp);/g, (entity) => ENTITIES[entity]);
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]) : undefined;
}

/** The hidden fields (the server action's id and bound state among them) of the page's form that has an input named `field`. */
function hiddenFieldsOfForm(html: string, field: string): Record<string, string> {
  const form = (html.match(/<form\b[\s\S]*?<\/form>/g) ?? []).find((candidate) => candidate.includes(` name="${field}"`));
  if (!form) throw new Error(`no form with a field named ${field}`);
  const hidden: Record<string, string> = {};
  for (const input of form.match(/<input\b[^>]*>/g) ?? []) {
    const name = attribute(input, "name");
    if (name && attribute(input, "type") === "hidden") hidden[name] = attribute(input, "value") ?? "";
  }
  return hidden;
}

/** One visitor without JavaScript: a cookie jar, redirects followed as a browser follows them. */
export class FormVisitor {
  private readonly jar = new Map<string, string>();

  constructor(readonly baseURL: string) {}

  /** The cookies the console set, for a browser context to carry on (Playwright's addCookies). */
  cookies(): Array<{ name: string; value: string; url: string }> {
    return [...this.jar].map(([name, value]) => ({ name, value, url: this.baseURL }));
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const expired = attributes.some((part) => /^\s*max-age=0\s*$/i.test(part)) || !value;
      if (expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /** A request with the jar's cookies; a 30x answer is followed with a GET. Returns the last answer, its URL and body. */
  async request(path: string, init: RequestInit = {}): Promise<{ url: string; status: number; body: string }> {
    let url = new URL(path, this.baseURL).toString();
    let current = init;
    for (let hop = 0; hop < 10; hop++) {
      const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
      const response = await fetch(url, { ...current, redirect: "manual", headers: { ...(current.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
      this.keep(response);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        url = new URL(location, url).toString();
        current = {};
        continue;
      }
      return { url, status: response.status, body: await response.text() };
    }
    throw new Error(`${path}: too many redirects`);
  }

  /**
   * Calls a server action as the page at `path` calls it from the browser's JavaScript (a POST to the
   * page with the action's id in Next-Action and the arguments as JSON); returns what the action returned.
   */
  async callAction(path: string, actionId: string, args: unknown[]): Promise<unknown> {
    const answer = await this.request(path, {
      method: "POST",
      body: JSON.stringify(args),
      headers: { origin: this.baseURL, "next-action": actionId, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
    });
    if (answer.status !== 200) throw new Error(`action ${actionId} on ${path}: HTTP ${answer.status}`);
    return actionResult(answer.body);
  }

  /** Opens `path`, fills its form that has `fields`' first input (and its hidden fields), posts it as a browser without JavaScript does. */
  async submit(path: string, fields: Record<string, string>): Promise<{ url: string; status: number; body: string }> {
    const page = await this.request(path);
    if (page.status !== 200) throw new Error(`GET ${path}: HTTP ${page.status}`);
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...hiddenFieldsOfForm(page.body, Object.keys(fields)[0]), ...fields })) form.set(name, value);
    return this.request(path, { method: "POST", body: form, headers: { origin: this.baseURL } });
  }
}

/**
 * A server action's answer as React's flight stream carries it: row 0 names the row that holds the
 * action's return value ("a": "$@<row>"); strings that start with "$" arrive as "$$…".
 */
function actionResult(flight: string): unknown {
  const rows = new Map<string, string>();
  for (const line of flight.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0 && /^[0-9a-f]+$/.test(line.slice(0, colon))) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const head = JSON.parse(rows.get("0") ?? "null") as { a?: string } | null;
  const row = head?.a?.startsWith("$@") ? rows.get(head.a.slice(2)) : undefined;
  if (row === undefined) throw new Error(`no action result in the answer: ${flight.slice(0, 200)}`);
  return JSON.parse(row, (_key, value: unknown) => (typeof value === "string" && value.startsWith("$$") ? value.slice(1) : value));
}

export interface NewStudent {
  name: string;
  email: string;
  password: string;
}

/** Signs the student up and signs in, each through the console's own form; throws if a step is refused. */
export async function signUpOverHttp(baseURL: string, student: NewStudent): Promise<FormVisitor> {
  const visitor = new FormVisitor(baseURL);
  const signedUp = await visitor.submit("/sign-up", { name: student.name, email: student.email, password: student.password });
  if (!/\/sign-in\?registered=1$/.test(signedUp.url)) throw new Error(`${student.email}: the sign-up answered ${signedUp.status} at ${signedUp.url}`);
  const signedIn = await visitor.submit("/sign-in", { email: student.email, password: student.password });
  if (new URL(signedIn.url).pathname !== "/") throw new Error(`${student.email}: the sign-in answered ${signedIn.status} at ${signedIn.url}`);
  return visitor;
}

/** Signs the student up, signs in and joins the class with the code, each through the console's own form; throws if a step is refused. */
export async function signUpAndJoinOverHttp(baseURL: string, student: NewStudent, code: string): Promise<FormVisitor> {
  const visitor = await signUpOverHttp(baseURL, student);
  const joined = await visitor.submit(`/classes/join?code=${encodeURIComponent(code)}`, { code });
  if (!/\/classes\/[0-9a-f-]{36}$/.test(joined.url)) throw new Error(`${student.email}: joining answered ${joined.status} at ${joined.url}`);
  return visitor;
}
