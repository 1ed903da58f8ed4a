/**
 * Where a text stops being JSON, as AWS reports it ("Syntax error at position (3,5)"): Node's
 * JSON.parse does not always say where it failed, so a small scan finds it.
 */

/**
 * The offset of the first character that makes `text` invalid JSON (text.length when it ends too
 * early), or -1 when the text is valid JSON. Iterative, with a stack of open containers, so that
 * deep nesting ("[[[[…") cannot exhaust the call stack.
 */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const open: ("{" | "[")[] = [];
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at++;
  };
  const expect = (c: string) => {
    if (text[at] !== c) fail();
    at++;
  };
  const literal = (word: string) => {
    for (const c of word) expect(c);
  };
  const string = () => {
    at++;
    while (at < text.length && text[at] !== '"') {
      if (text[at] === "\\") at++;
      else if (text.charCodeAt(at) < 0x20) fail();
      at++;
    }
    if (at >= text.length) fail();
    at++;
  };
  const numberPattern = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const number = () => {
    numberPattern.lastIndex = at;
    if (!numberPattern.test(text)) fail();
    at = numberPattern.lastIndex;
  };
  /** An object member's key and colon. */
  const key = () => {
    space();
    if (text[at] !== '"') fail();
    string();
    space();
    expect(":");
  };
  /** One value; a non-empty container is only opened (true: its first value comes next). */
  const value = (): boolean => {
    space();
    const c = text[at];
    if (c === "{" || c === "[") {
      at++;
      space();
      if (text[at] === (c === "{" ? "}" : "]")) return void at++, false;
      open.push(c);
      if (c === "{") key();
      return true;
    }
    if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c >= "0" && c <= "9")) number();
    else fail();
    return false;
  };
  /** After a value inside the innermost container: its end, or a comma and the next value (true). */
  const next = (): boolean => {
    space();
    const container = open[open.length - 1];
    if (text[at] === (container === "{" ? "}" : "]")) {
      at++;
      open.pop();
      return false;
    }
    expect(",");
    if (container === "{") key();
    return true;
  };
  try {
    let valueDue = true;
    while (valueDue || open.length > 0) valueDue = valueDue ? value() : next();
    space();
    return at < text.length ? at : -1;
  } catch (offset) {
    return Math.min(offset as number, text.length);
  }
}

/** A place in a text, 1-based, as AWS reports JSON syntax errors. */
export interface TextPosition {
  line: number;
  column: number;
}

export function lineAndColumn(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

/** Where invalid JSON `text` goes wrong (its start when the scan finds nothing wrong). */
export function jsonErrorPosition(text: string): TextPosition {
  return lineAndColumn(text, Math.max(0, jsonErrorOffset(text)));
}
