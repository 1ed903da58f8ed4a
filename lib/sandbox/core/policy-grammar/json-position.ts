/**
 * Where a text stops being JSON, as AWS reports it ("Syntax error at position (3,5)"): Node's
 * JSON.parse does not always say where it failed, so a small recursive-descent scan finds it.
 */

/**
 * The offset of the first character that makes `text` invalid JSON (text.length when it ends too
 * early), or -1 when the text is valid JSON.
 */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at++;
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[at] !== c) fail();
      at++;
    }
  };
  const expect = (c: string) => {
    if (text[at] !== c) fail();
    at++;
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
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail();
    at += match![0].length;
  };
  const sequence = (close: string, item: () => void) => {
    at++;
    space();
    if (text[at] === close) return void at++;
    for (;;) {
      item();
      space();
      if (text[at] === close) return void at++;
      expect(",");
      space();
    }
  };
  const member = (): void => {
    if (text[at] !== '"') fail();
    string();
    space();
    expect(":");
    value();
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === "{") sequence("}", member);
    else if (c === "[") sequence("]", value);
    else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c >= "0" && c <= "9")) number();
    else fail();
  };
  try {
    value();
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
