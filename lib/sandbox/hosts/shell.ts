import path from "node:path";
import { nullPrototypeRecordOf, ownValue } from "@/lib/sandbox/core/untrusted-input";
import { hostFacts, type HostFacts } from "./host-facts";
import { type AndOrList, parseScript, type Pipeline, type Redirect, type SimpleCommand, type Word } from "./parser";
import { appendCapped, ARGUMENT_LIST_TOO_LONG, ArgumentTooLong, fitsOnDisk, HOST_LIMITS, NO_SPACE } from "./limits";
import type { HostFiles, HostServices, World } from "./types";

export const HOME = "/home/ec2-user";
export const USER = "ec2-user";

export interface Sink {
  out(text: string): void;
  err(text: string): void;
}

export type LineRead = { kind: "line"; text: string } | { kind: "eof" } | { kind: "interrupt" };

/** The keyboard of an interactive session; batch runs have none (stdin is empty). */
export interface Terminal {
  /** Reads one typed line, echoing it; the caller has already printed the prompt. */
  readLine(): Promise<LineRead>;
}

/** Time as commands see it: real timers in a session, virtual time in a batch run. */
export interface Clock {
  /** Waits; false when Ctrl-C interrupted the wait. */
  sleep(ms: number): Promise<boolean>;
  interrupted(): boolean;
  clearInterrupt(): void;
}

export interface CommandContext {
  shell: Shell;
  name: string;
  args: string[];
  /** The environment the program sees: exported variables plus `VAR=value` prefixes. */
  env: Record<string, string>;
  stdin: string;
  out(text: string): void;
  err(text: string): void;
  stdoutIsTerminal: boolean;
  asRoot: boolean;
}

export type Command = (context: CommandContext) => Promise<number>;

/** Thrown by `exit` to unwind the running script. */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export interface ShellOptions {
  instanceId: string;
  services: HostServices;
  world: () => Promise<World>;
  clock: Clock;
  commands: Record<string, Command>;
  terminal?: Terminal;
  files: HostFiles;
}

/** Commands end with 130 when Ctrl-C killed them; bash then abandons the rest of the line. */
const INTERRUPTED = 130;
const WRITABLE_ROOTS = [HOME, "/tmp"];
const SYSTEM_DIRECTORIES = new Set(["/", "/home", "/tmp", "/etc", "/usr", "/usr/bin", "/var", "/root", HOME]);

interface Variable {
  value: string;
  exported: boolean;
}

function initialVariables(facts: HostFacts): Map<string, Variable> {
  const exported: Record<string, string> = {
    HOME,
    USER,
    LOGNAME: USER,
    SHELL: "/bin/bash",
    PATH: "/home/ec2-user/.local/bin:/home/ec2-user/bin:/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin",
    PWD: HOME,
    HOSTNAME: facts.fqdn,
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
  };
  return new Map(Object.entries(exported).map(([name, value]) => [name, { value, exported: true }]));
}

/** execve's E2BIG: one argument over MAX_ARG_STRLEN, or all of them over ARG_MAX. */
function checkArgumentsSize(argv: string[]): void {
  let total = 0;
  for (const argument of argv) {
    if (argument.length > HOST_LIMITS.argumentChars) throw new ArgumentTooLong();
    total += argument.length + 1 + 8;
  }
  if (total > HOST_LIMITS.argumentsChars) throw new ArgumentTooLong();
}

export class Shell {
  readonly instanceId: string;
  readonly services: HostServices;
  readonly clock: Clock;
  readonly terminal?: Terminal;
  files: HostFiles;
  lastStatus = 0;
  private readonly commands: Record<string, Command>;
  private readonly worldProvider: () => Promise<World>;
  private variables?: Map<string, Variable>;
  private currentWorld?: World;

  constructor(options: ShellOptions) {
    this.instanceId = options.instanceId;
    this.services = options.services;
    this.clock = options.clock;
    this.terminal = options.terminal;
    this.files = options.files;
    this.commands = options.commands;
    this.worldProvider = options.world;
  }

  /** The world as of the current command (re-read when each simple command starts). */
  async world(): Promise<World> {
    this.currentWorld ??= await this.worldProvider();
    return this.currentWorld;
  }

  /** Reads the world again: long-running commands (ping) see console changes while they run. */
  async freshWorld(): Promise<World> {
    this.currentWorld = await this.worldProvider();
    return this.currentWorld;
  }

  async facts(): Promise<HostFacts> {
    return hostFacts(await this.world(), this.instanceId);
  }

  async prompt(): Promise<string> {
    return `[${USER}@${(await this.facts()).shortName} ~]$ `;
  }

  /** Parses and runs a line or a script; returns the status of the last command. */
  async run(script: string, sink: Sink, stdoutIsTerminal: boolean): Promise<number> {
    const parsed = parseScript(script);
    if (parsed.kind === "incomplete") {
      sink.err("bash: syntax error: unexpected end of file\n");
      return (this.lastStatus = 2);
    }
    if (parsed.kind === "error") {
      sink.err(`bash: ${parsed.message}\n`);
      return (this.lastStatus = 2);
    }
    await this.ensureVariables();
    for (const list of parsed.lists) {
      const status = await this.runAndOr(list, sink, stdoutIsTerminal);
      if (status === INTERRUPTED && this.clock.interrupted()) break;
    }
    return this.lastStatus;
  }

  variable(name: string): string | undefined {
    if (name === "?") return String(this.lastStatus);
    return this.variables?.get(name)?.value;
  }

  setVariable(name: string, value: string, exported?: boolean): void {
    const existing = this.variables?.get(name);
    this.variables?.set(name, { value, exported: exported ?? existing?.exported ?? false });
  }

  exportVariable(name: string, value?: string): void {
    const existing = this.variables?.get(name);
    this.variables?.set(name, { value: value ?? existing?.value ?? "", exported: true });
  }

  unsetVariable(name: string): void {
    this.variables?.delete(name);
  }

  /** The exported variables, in a record without a prototype: a variable may be named __proto__ or constructor. */
  environment(): Record<string, string> {
    return nullPrototypeRecordOf([...(this.variables ?? [])].filter(([, variable]) => variable.exported).map(([name, variable]) => [name, variable.value]));
  }

  // ---- files ----

  resolvePath(file: string): string {
    return path.posix.resolve(HOME, file);
  }

  readFile(file: string): string | undefined {
    return ownValue(this.files, this.resolvePath(file));
  }

  isDirectory(file: string): boolean {
    const absolute = this.resolvePath(file);
    if (SYSTEM_DIRECTORIES.has(absolute) || Object.hasOwn(this.files, `${absolute}/`)) return true;
    return Object.keys(this.files).some((key) => key.startsWith(`${absolute}/`));
  }

  /** Writes a file as ec2-user (or root); returns bash's complaint when it cannot. */
  writeFile(file: string, content: string, append: boolean, asRoot = false): string | undefined {
    const absolute = this.resolvePath(file);
    if (this.isDirectory(absolute)) return `${file}: Is a directory`;
    if (!this.isDirectory(path.posix.dirname(absolute))) return `${file}: No such file or directory`;
    if (!asRoot && !WRITABLE_ROOTS.some((root) => absolute.startsWith(`${root}/`))) return `${file}: Permission denied`;
    const next = append ? (ownValue(this.files, absolute) ?? "") + content : content;
    if (!fitsOnDisk(this.files, absolute, next)) return `${file}: ${NO_SPACE}`;
    this.files = { ...this.files, [absolute]: next };
    return undefined;
  }

  /** Makes a directory; returns mkdir's complaint when the disk is full. */
  makeDirectory(directory: string): string | undefined {
    const key = `${this.resolvePath(directory)}/`;
    if (!fitsOnDisk(this.files, key, "")) return `mkdir: cannot create directory ‘${directory}’: ${NO_SPACE}`;
    this.files = { ...this.files, [key]: "" };
    return undefined;
  }

  removeFile(file: string): boolean {
    const absolute = this.resolvePath(file);
    if (!Object.hasOwn(this.files, absolute)) return false;
    const rest = { ...this.files };
    delete rest[absolute];
    this.files = rest;
    return true;
  }

  /** Names directly inside a directory (files, and directories implied by deeper paths). */
  listDirectory(directory: string): string[] {
    const prefix = `${this.resolvePath(directory).replace(/\/$/, "")}/`;
    const names = new Set<string>();
    for (const key of Object.keys(this.files)) {
      if (key.startsWith(prefix) && key.length > prefix.length) names.add(key.slice(prefix.length).split("/")[0]);
    }
    return [...names];
  }

  /** Runs a script and returns what it printed, as `$(…)` does (trailing newlines dropped). */
  async capture(script: string, err: (text: string) => void): Promise<string> {
    let captured = "";
    const saved = this.lastStatus;
    const limit = HOST_LIMITS.argumentsChars;
    try {
      await this.run(script, { out: (text) => (captured = appendCapped(captured, text, limit + 1)), err }, false);
    } catch (error) {
      if (!(error instanceof ExitRequest)) throw error;
      this.lastStatus = error.code;
    }
    const status = this.lastStatus;
    this.lastStatus = saved;
    this.substitutionStatus = status;
    if (captured.length > limit) throw new ArgumentTooLong();
    return captured.replace(/\n+$/, "");
  }

  private substitutionStatus?: number;

  private async ensureVariables(): Promise<void> {
    this.variables ??= initialVariables(await this.facts());
  }

  private async runAndOr(list: AndOrList, sink: Sink, terminal: boolean): Promise<number> {
    let status = await this.runPipeline(list.first, sink, terminal);
    for (const { op, pipeline } of list.rest) {
      if (status === INTERRUPTED && this.clock.interrupted()) break;
      if ((op === "&&" && status === 0) || (op === "||" && status !== 0)) status = await this.runPipeline(pipeline, sink, terminal);
    }
    return status;
  }

  private async runPipeline(pipeline: Pipeline, sink: Sink, terminal: boolean): Promise<number> {
    let stdin = "";
    let status = 0;
    for (const [position, command] of pipeline.commands.entries()) {
      const last = position === pipeline.commands.length - 1;
      let piped = "";
      // A pipe keeps what fits in one argument's worth of memory; the rest is dropped, as by a reader gone away.
      const stage: Sink = last ? sink : { out: (text) => (piped = appendCapped(piped, text, HOST_LIMITS.outputChars)), err: sink.err };
      status = await this.runSimple(command, stage, last && terminal, stdin);
      stdin = piped;
    }
    this.lastStatus = status;
    this.clock.clearInterrupt();
    return status;
  }

  private async runSimple(command: SimpleCommand, sink: Sink, terminal: boolean, stdin: string): Promise<number> {
    this.currentWorld = undefined;
    this.substitutionStatus = undefined;
    const argv: string[] = [];
    const assignments: [string, string][] = [];
    try {
      for (const word of command.words) argv.push(...(await this.expandWord(word, sink.err)));
      checkArgumentsSize(argv);
      for (const { name, value } of command.assignments) assignments.push([name, (await this.expandWord(value, sink.err, false)).join("")]);
    } catch (error) {
      if (!(error instanceof ArgumentTooLong)) throw error;
      // execve's E2BIG: bash reports it against the command and gives up on it with 126.
      sink.err(`bash: ${argv[0] ?? command.assignments[0]?.name ?? "bash"}: ${ARGUMENT_LIST_TOO_LONG}\n`);
      return 126;
    }
    const redirected = await this.openRedirects(command.redirects, sink, stdin);
    if (typeof redirected === "string") {
      sink.err(`bash: ${redirected}\n`);
      return 1;
    }
    if (argv.length === 0) {
      for (const [name, value] of assignments) this.setVariable(name, value);
      return this.closeRedirects(redirected, sink) ?? this.substitutionStatus ?? 0;
    }
    const env = nullPrototypeRecordOf([...Object.entries(this.environment()), ...assignments]);
    const stdoutIsTerminal = terminal && !redirected.stdoutRedirected;
    const status = await this.invoke(argv, env, redirected.sink, redirected.stdin, stdoutIsTerminal);
    return this.closeRedirects(redirected, sink) ?? status;
  }

  /** Writes what went to redirected files; a write that does not fit is bash's write error, status 1. */
  private closeRedirects(redirected: { close(): string[] }, sink: Sink): number | undefined {
    const problems = redirected.close();
    for (const problem of problems) sink.err(`bash: ${problem}\n`);
    return problems.length > 0 ? 1 : undefined;
  }

  /** Runs argv[0]; `sudo` runs the rest as root. */
  async invoke(argv: string[], env: Record<string, string>, sink: Sink, stdin: string, stdoutIsTerminal: boolean, asRoot = false): Promise<number> {
    const [name, ...args] = argv;
    if (name === "sudo" && args.length > 0) return this.invoke(args, env, sink, stdin, stdoutIsTerminal, true);
    const handler = Object.hasOwn(this.commands, name) ? this.commands[name] : undefined;
    if (!handler) {
      sink.err(asRoot ? `sudo: ${name}: command not found\n` : `bash: ${name}: command not found\n`);
      return asRoot ? 1 : 127;
    }
    return handler({ shell: this, name, args, env, stdin, out: sink.out, err: sink.err, stdoutIsTerminal, asRoot });
  }

  private async expandWord(word: Word, err: (text: string) => void, split = true): Promise<string[]> {
    const fields: string[] = [];
    let current = "";
    let hasField = false;
    const addUnquoted = (value: string) => {
      const pieces = value.split(/[ \t\n]+/);
      pieces.forEach((piece, position) => {
        if (position > 0 && hasField) {
          fields.push(current);
          current = "";
          hasField = false;
        }
        if (piece !== "") {
          current += piece;
          hasField = true;
        }
      });
    };
    for (const part of word) {
      if (part.kind === "tilde") {
        current += HOME;
        hasField = true;
        continue;
      }
      if (part.kind === "text") {
        current += part.text;
        hasField ||= part.quoted || part.text !== "";
        continue;
      }
      const value = part.kind === "param" ? (this.variable(part.name) ?? "") : await this.capture(part.script, err);
      if (part.quoted || !split) {
        current += value;
        hasField = true;
      } else addUnquoted(value);
      if (current.length > HOST_LIMITS.argumentChars) throw new ArgumentTooLong();
    }
    if (hasField) fields.push(current);
    return fields;
  }

  private async openRedirects(redirects: Redirect[], sink: Sink, stdin: string) {
    let out = sink.out;
    let err = sink.err;
    let input = stdin;
    let stdoutRedirected = false;
    const buffers: { file: string; append: boolean; content: string }[] = [];
    for (const redirect of redirects) {
      if (redirect.op === "2>&1") {
        err = out;
        continue;
      }
      const target = (await this.expandWord(redirect.target, sink.err)).join(" ");
      if (redirect.op === "<") {
        const content = this.readFile(target);
        if (content === undefined) return `${target}: No such file or directory`;
        input = content;
        continue;
      }
      const buffer = { file: target, append: redirect.op.endsWith(">>"), content: "" };
      // Past one file's limit the write fails anyway (writeFile says so): what comes after is not kept.
      const write = target === "/dev/null" ? () => undefined : (text: string) => (buffer.content = appendCapped(buffer.content, text, HOST_LIMITS.fileChars + 1));
      if (target !== "/dev/null") {
        const problem = this.writeFile(target, "", true);
        if (problem) return problem;
        buffers.push(buffer);
      }
      if (redirect.op === "2>" || redirect.op === "2>>") err = write;
      else {
        out = write;
        stdoutRedirected = true;
        if (redirect.op === "&>") err = write;
      }
    }
    return {
      sink: { out, err },
      stdin: input,
      stdoutRedirected,
      close: () => buffers.flatMap((buffer) => this.writeFile(buffer.file, buffer.content, buffer.append) ?? []),
    };
  }
}
