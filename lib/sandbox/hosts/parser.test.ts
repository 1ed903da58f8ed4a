import { describe, expect, it } from "vitest";
import { parseScript } from "./parser";

function words(script: string) {
  const parsed = parseScript(script);
  if (parsed.kind !== "ok") throw new Error(parsed.kind);
  return parsed.lists.map((list) => list.first.commands.map((command) => ({ assignments: command.assignments.map((a) => a.name), words: command.words.length })));
}

describe("parseScript", () => {
  it("splits VAR=value prefixes from the command and its arguments", () => {
    expect(words("AWS_ACCESS_KEY_ID=AKIA aws s3 ls")).toEqual([[{ assignments: ["AWS_ACCESS_KEY_ID"], words: 3 }]]);
  });

  it("keeps quoted text, && and ; lists, pipes and comments", () => {
    const parsed = parseScript(`echo "a b" 'c' && ls | cat; echo x # comment`);
    expect(parsed.kind).toBe("ok");
    if (parsed.kind !== "ok") return;
    expect(parsed.lists).toHaveLength(2);
    expect(parsed.lists[0].rest[0].op).toBe("&&");
    expect(parsed.lists[0].rest[0].pipeline.commands).toHaveLength(2);
    expect(parsed.lists[1].first.commands[0].words).toHaveLength(2);
  });

  it("reports unfinished input (bash would ask for more with > )", () => {
    expect(parseScript(`echo "open`).kind).toBe("incomplete");
    expect(parseScript("ls &&").kind).toBe("incomplete");
    expect(parseScript("TOKEN=$(curl -X PUT").kind).toBe("incomplete");
  });

  it("reports bash's syntax error for a stray operator", () => {
    expect(parseScript("&& ls")).toEqual({ kind: "error", message: "syntax error near unexpected token `&&'" });
  });
});
