import { hostCommands } from "./commands";
import { parseScript } from "./parser";
import { type Clock, ExitRequest, type LineRead, Shell, type Sink } from "./shell";
import type { HostServices, Timers, World } from "./types";

/** The message of the day AL2023 prints at login. */
export const AL2023_BANNER = [
  "   ,     #_",
  "   ~\\_  ####_        Amazon Linux 2023",
  "  ~~  \\_#####\\",
  "  ~~     \\###|",
  "  ~~       \\#/ ___   https://aws.amazon.com/linux/amazon-linux-2023",
  "   ~~       V~' '->",
  "    ~~~         /",
  "      ~~._.   _/",
  "         _/ _/",
  "       _/m/'",
].join("\r\n");

const CTRL_C = "\x03";
const CTRL_D = "\x04";
const BACKSPACES = new Set(["\x7f", "\b"]);
const ARROW_UP = "\x1b[A";
const ARROW_DOWN = "\x1b[B";
/** Cursor keys and other escape sequences a terminal sends; only up/down (history) mean something here. */
const ESCAPE_SEQUENCE = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/;

const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Real waits that Ctrl-C cuts short. */
class SessionClock implements Clock {
  private flag = false;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly timers: Timers) {}

  sleep(ms: number): Promise<boolean> {
    if (this.flag) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        this.timers.clearTimeout(handle);
        resolve(false);
      };
      const handle = this.timers.setTimeout(() => {
        this.wakers.delete(wake);
        resolve(true);
      }, ms);
      this.wakers.add(wake);
    });
  }

  interrupt(): void {
    this.flag = true;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }

  interrupted(): boolean {
    return this.flag;
  }

  clearInterrupt(): void {
    this.flag = false;
  }
}

type Mode = "prompt" | "running" | "reading" | "closed";

/**
 * An interactive login on the instance, as the EC2 Instance Connect browser terminal shows it:
 * banner, prompt, line editing, history, Ctrl-C and Ctrl-D, with output streamed as it happens.
 */
export class HostSession {
  onOutput: (text: string) => void = () => undefined;
  onExit: (code: number) => void = () => undefined;
  /** Each command line run, with what it printed and its status (the labs' evidence). */
  onCommand: (run: { command: string; output: string; exitCode: number }) => Promise<void> | void = () => undefined;

  private readonly clock: SessionClock;
  private shell?: Shell;
  private prompt = "";
  private mode: Mode = "prompt";
  private buffer = "";
  private continuation = "";
  private queue: string[] = [];
  private readonly history: string[] = [];
  private historyPosition = 0;
  private pendingRead?: (read: LineRead) => void;
  private work?: Promise<void>;

  constructor(
    private readonly worldProvider: () => Promise<World>,
    private readonly services: HostServices,
    private readonly instanceId: string,
    options: { timers?: Timers } = {},
  ) {
    this.clock = new SessionClock(options.timers ?? realTimers);
  }

  /** The login screen: banner and first prompt (the caller writes it to the terminal). */
  async start(): Promise<string> {
    this.shell = new Shell({
      instanceId: this.instanceId,
      services: this.services,
      world: this.worldProvider,
      clock: this.clock,
      commands: hostCommands,
      files: await this.services.loadHostFiles(this.instanceId),
      terminal: { readLine: () => this.readLine() },
    });
    this.prompt = await this.shell.prompt();
    return `${AL2023_BANNER}\r\n${this.prompt}`;
  }

  /** Keystrokes from the terminal, as xterm sends them (Enter is \r, Backspace \x7f). */
  input(data: string): void {
    if (this.mode === "closed") return;
    let rest = data;
    while (rest.length > 0) {
      const sequence = ESCAPE_SEQUENCE.exec(rest)?.[0];
      const key = sequence ?? rest[0];
      rest = rest.slice(key.length);
      if (key === CTRL_C) {
        // Keys typed before Ctrl-C reach the line editor first; type-ahead behind a running program is flushed.
        this.pump();
        this.interrupt();
      } else this.queue.push(key);
    }
    this.pump();
  }

  /** Resolves once the session waits for input again (or has ended). */
  async idle(): Promise<void> {
    while (this.work) await this.work;
  }

  private emit(text: string): void {
    // The terminal's ONLCR: programs write \n, the screen needs \r\n.
    this.onOutput(text.replace(/\r?\n/g, "\r\n"));
  }

  private readLine(): Promise<LineRead> {
    this.mode = "reading";
    const read = new Promise<LineRead>((resolve) => (this.pendingRead = resolve));
    queueMicrotask(() => this.pump());
    return read;
  }

  private finishRead(read: LineRead): void {
    const resolve = this.pendingRead;
    this.pendingRead = undefined;
    this.mode = "running";
    resolve?.(read);
  }

  /** Ctrl-C: the tty echoes ^C, flushes type-ahead and signals the foreground program. */
  private interrupt(): void {
    this.queue = [];
    this.emit("^C");
    if (this.mode === "running") this.clock.interrupt();
    else if (this.mode === "reading") {
      this.buffer = "";
      this.clock.interrupt();
      this.finishRead({ kind: "interrupt" });
    } else if (this.mode === "prompt") {
      this.buffer = "";
      this.continuation = "";
      this.showPrompt("\n");
    }
  }

  private pump(): void {
    while (this.queue.length > 0 && (this.mode === "prompt" || this.mode === "reading")) this.edit(this.queue.shift() as string);
  }

  private edit(key: string): void {
    if (key === "\r" || key === "\n") this.enter();
    else if (BACKSPACES.has(key)) {
      if (this.buffer.length === 0) return;
      this.buffer = this.buffer.slice(0, -1);
      this.emit("\b \b");
    } else if (key === CTRL_D) this.endOfInput();
    else if (key === ARROW_UP || key === ARROW_DOWN) this.recall(key === ARROW_UP ? -1 : 1);
    else if (key.length === 1 && key >= " ") {
      this.buffer += key;
      this.emit(key);
    }
  }

  private endOfInput(): void {
    if (this.buffer !== "") return;
    if (this.mode === "reading") {
      this.finishRead({ kind: "eof" });
      return;
    }
    this.close("logout\n", this.shell?.lastStatus ?? 0);
  }

  private recall(step: number): void {
    if (this.mode !== "prompt") return;
    const position = Math.min(this.history.length, Math.max(0, this.historyPosition + step));
    if (position === this.historyPosition) return;
    this.historyPosition = position;
    this.emit("\b \b".repeat(this.buffer.length));
    this.buffer = this.history[position] ?? "";
    this.emit(this.buffer);
  }

  private enter(): void {
    const line = this.buffer;
    this.buffer = "";
    this.emit("\n");
    if (this.mode === "reading") {
      this.finishRead({ kind: "line", text: line });
      return;
    }
    const script = this.continuation + line;
    if (parseScript(script).kind === "incomplete") {
      this.continuation = `${script}\n`;
      this.emit("> ");
      return;
    }
    this.continuation = "";
    if (script.trim() === "") {
      this.showPrompt("");
      return;
    }
    this.history.push(script.replace(/\n/g, " "));
    this.historyPosition = this.history.length;
    this.work = this.execute(script).finally(() => (this.work = undefined));
  }

  private async execute(script: string): Promise<void> {
    const shell = this.shell as Shell;
    this.mode = "running";
    const files = await this.services.loadHostFiles(this.instanceId);
    shell.files = files;
    let output = "";
    const print = (text: string) => {
      output += text;
      this.emit(text);
    };
    const sink: Sink = { out: print, err: print };
    let exitCode: number;
    try {
      exitCode = await shell.run(script, sink, true);
    } catch (error) {
      if (!(error instanceof ExitRequest)) throw error;
      await this.saveFiles(shell, files);
      this.close("logout\n", error.code);
      return;
    }
    await this.onCommand({ command: script, output, exitCode });
    await this.saveFiles(shell, files);
    this.clock.clearInterrupt();
    this.showPrompt("");
  }

  private async saveFiles(shell: Shell, loaded: Record<string, string>): Promise<void> {
    if (shell.files !== loaded) await this.services.saveHostFiles(this.instanceId, shell.files);
  }

  private showPrompt(before: string): void {
    this.mode = "prompt";
    this.emit(before + this.prompt);
    this.pump();
  }

  private close(message: string, code: number): void {
    this.mode = "closed";
    this.queue = [];
    this.emit(message);
    this.onExit(code);
  }
}
