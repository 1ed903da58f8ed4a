/**
 * A small bash parser: quotes, backslashes, $VAR / ${VAR} / $? / $(…) / `…`, `~`, VAR=value
 * prefixes, redirections (> >> 2> 2>&1 <), pipes, && || ; and newlines, comments.
 */

export type WordPart =
  | { kind: "text"; text: string; quoted: boolean }
  | { kind: "param"; name: string; quoted: boolean }
  | { kind: "command"; script: string; quoted: boolean }
  | { kind: "tilde" };

export type Word = WordPart[];

export type RedirectOp = ">" | ">>" | "<" | "2>" | "2>>" | "2>&1" | "&>";

export interface Redirect {
  op: RedirectOp;
  target: Word;
}

export interface SimpleCommand {
  assignments: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  commands: SimpleCommand[];
}

export interface AndOrList {
  first: Pipeline;
  rest: { op: "&&" | "||"; pipeline: Pipeline }[];
}

export type ParseResult = { kind: "ok"; lists: AndOrList[] } | { kind: "incomplete" } | { kind: "error"; message: string };

type Token = { kind: "word"; word: Word } | { kind: "op"; op: string };

class Incomplete extends Error {}
class ShellSyntaxError extends Error {}

const OPERATORS = ["2>&1", "2>>", "&&", "||", ">>", "&>", "2>", ";", "|", ">", "<", "\n"];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Finds the `)` closing a `$(` that starts at `start`, skipping quoted text and nested parentheses. */
function matchingParen(input: string, start: number): number {
  let depth = 1;
  for (let i = start; i < input.length; i++) {
    const char = input[i];
    if (char === "\\") i++;
    else if (char === "'") {
      const end = input.indexOf("'", i + 1);
      if (end === -1) throw new Incomplete();
      i = end;
    } else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return i;
  }
  throw new Incomplete();
}

class Lexer {
  private position = 0;
  private parts: WordPart[] = [];
  private text = "";
  private readonly tokens: Token[] = [];

  constructor(private readonly input: string) {}

  run(): Token[] {
    while (this.position < this.input.length) this.step();
    this.endWord();
    return this.tokens;
  }

  private step(): void {
    const char = this.input[this.position];
    if (char === " " || char === "\t") {
      this.endWord();
      this.position++;
    } else if (char === "#" && this.atWordStart()) {
      while (this.position < this.input.length && this.input[this.position] !== "\n") this.position++;
    } else if (this.readOperator()) {
      return;
    } else if (char === "\\") {
      this.readEscape();
    } else if (char === "'") {
      this.readSingleQuoted();
    } else if (char === '"') {
      this.readDoubleQuoted();
    } else if (char === "$" || char === "`") {
      this.readExpansion(false);
    } else if (char === "~" && this.atWordStart()) {
      this.parts.push({ kind: "tilde" });
      this.position++;
    } else {
      this.text += char;
      this.position++;
    }
  }

  private atWordStart(): boolean {
    return this.parts.length === 0 && this.text === "";
  }

  private flushText(quoted = false): void {
    if (this.text !== "" || quoted) this.parts.push({ kind: "text", text: this.text, quoted });
    this.text = "";
  }

  private endWord(): void {
    this.flushText();
    if (this.parts.length > 0) this.tokens.push({ kind: "word", word: this.parts });
    this.parts = [];
  }

  private readOperator(): boolean {
    const rest = this.input.slice(this.position);
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    // "2>" only redirects when the 2 starts a word, as in bash.
    if (!op || (op.startsWith("2") && !this.atWordStart())) return false;
    this.endWord();
    this.tokens.push({ kind: "op", op });
    this.position += op.length;
    return true;
  }

  private readEscape(): void {
    const next = this.input[this.position + 1];
    if (next === undefined) throw new Incomplete();
    if (next !== "\n") {
      this.flushText();
      this.parts.push({ kind: "text", text: next, quoted: true });
    }
    this.position += 2;
  }

  private readSingleQuoted(): void {
    const end = this.input.indexOf("'", this.position + 1);
    if (end === -1) throw new Incomplete();
    this.flushText();
    this.parts.push({ kind: "text", text: this.input.slice(this.position + 1, end), quoted: true });
    this.position = end + 1;
  }

  private readDoubleQuoted(): void {
    this.flushText();
    this.position++;
    let sawPart = false;
    while (true) {
      const char = this.input[this.position];
      if (char === undefined) throw new Incomplete();
      if (char === '"') break;
      if (char === "\\" && '"\\$`\n'.includes(this.input[this.position + 1] ?? "")) {
        if (this.input[this.position + 1] !== "\n") this.text += this.input[this.position + 1];
        this.position += 2;
      } else if ((char === "$" && this.isExpansionStart()) || char === "`") {
        this.flushText(true);
        this.readExpansion(true);
        sawPart = true;
      } else {
        this.text += char;
        this.position++;
      }
    }
    if (this.text !== "" || !sawPart) this.flushText(true);
    this.position++;
  }

  private isExpansionStart(): boolean {
    const next = this.input[this.position + 1] ?? "";
    return next === "(" || next === "{" || next === "?" || NAME.test(next);
  }

  private readExpansion(quoted: boolean): void {
    if (this.input[this.position] === "`") {
      const end = this.input.indexOf("`", this.position + 1);
      if (end === -1) throw new Incomplete();
      this.flushText();
      this.parts.push({ kind: "command", script: this.input.slice(this.position + 1, end), quoted });
      this.position = end + 1;
      return;
    }
    const next = this.input[this.position + 1] ?? "";
    if (next === "(") {
      const end = matchingParen(this.input, this.position + 2);
      this.flushText();
      this.parts.push({ kind: "command", script: this.input.slice(this.position + 2, end), quoted });
      this.position = end + 1;
    } else if (next === "{") {
      const end = this.input.indexOf("}", this.position + 2);
      if (end === -1) throw new Incomplete();
      const name = this.input.slice(this.position + 2, end);
      if (!NAME.test(name) && name !== "?") throw new ShellSyntaxError(`\${${name}}: bad substitution`);
      this.flushText();
      this.parts.push({ kind: "param", name, quoted });
      this.position = end + 1;
    } else if (next === "?") {
      this.flushText();
      this.parts.push({ kind: "param", name: "?", quoted });
      this.position += 2;
    } else {
      const name = NAME.exec(this.input.slice(this.position + 1))?.[0];
      if (!name) {
        this.text += "$";
        this.position++;
        return;
      }
      this.flushText();
      this.parts.push({ kind: "param", name, quoted });
      this.position += 1 + name.length;
    }
  }
}

function unexpected(token: Token | undefined): ShellSyntaxError {
  const shown = !token ? "newline" : token.kind === "op" ? (token.op === "\n" ? "newline" : token.op) : "word";
  return new ShellSyntaxError(`syntax error near unexpected token \`${shown}'`);
}

function assignmentOf(word: Word): { name: string; value: Word } | undefined {
  const first = word[0];
  if (first?.kind !== "text" || first.quoted) return undefined;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!match) return undefined;
  const remainder = first.text.slice(match[0].length);
  const value: Word = remainder ? [{ kind: "text", text: remainder, quoted: false }, ...word.slice(1)] : word.slice(1);
  return { name: match[1], value };
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): AndOrList[] {
    const lists: AndOrList[] = [];
    while (this.position < this.tokens.length) {
      if (this.isOp(";") || this.isOp("\n")) {
        if (this.isOp(";")) throw unexpected(this.peek());
        this.position++;
        continue;
      }
      lists.push(this.andOr());
      if (this.isOp(";") || this.isOp("\n")) this.position++;
      else if (this.position < this.tokens.length) throw unexpected(this.peek());
    }
    return lists;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isOp(op: string): boolean {
    const token = this.peek();
    return token?.kind === "op" && token.op === op;
  }

  private skipNewlines(): void {
    while (this.isOp("\n")) this.position++;
  }

  private andOr(): AndOrList {
    const list: AndOrList = { first: this.pipeline(), rest: [] };
    while (this.isOp("&&") || this.isOp("||")) {
      const op = (this.peek() as { op: "&&" | "||" }).op;
      this.position++;
      this.skipNewlines();
      if (!this.peek()) throw new Incomplete();
      list.rest.push({ op, pipeline: this.pipeline() });
    }
    return list;
  }

  private pipeline(): Pipeline {
    const commands = [this.command()];
    while (this.isOp("|")) {
      this.position++;
      this.skipNewlines();
      if (!this.peek()) throw new Incomplete();
      commands.push(this.command());
    }
    return { commands };
  }

  private command(): SimpleCommand {
    const command: SimpleCommand = { assignments: [], words: [], redirects: [] };
    while (true) {
      const token = this.peek();
      if (!token) break;
      if (token.kind === "word") {
        const assignment = command.words.length === 0 ? assignmentOf(token.word) : undefined;
        if (assignment) command.assignments.push(assignment);
        else command.words.push(token.word);
        this.position++;
      } else if ([">", ">>", "<", "2>", "2>>", "&>"].includes(token.op)) {
        this.position++;
        const target = this.peek();
        if (target?.kind !== "word") throw unexpected(target);
        command.redirects.push({ op: token.op as RedirectOp, target: target.word });
        this.position++;
      } else if (token.op === "2>&1") {
        command.redirects.push({ op: "2>&1", target: [] });
        this.position++;
      } else break;
    }
    if (command.assignments.length === 0 && command.words.length === 0 && command.redirects.length === 0) throw unexpected(this.peek());
    return command;
  }
}

/** Parses one line (or a whole script); "incomplete" means bash would ask for more with `> `. */
export function parseScript(input: string): ParseResult {
  try {
    const tokens = new Lexer(input).run();
    return { kind: "ok", lists: new Parser(tokens).parse() };
  } catch (error) {
    if (error instanceof Incomplete) return { kind: "incomplete" };
    if (error instanceof ShellSyntaxError) return { kind: "error", message: error.message };
    throw error;
  }
}
