import { aws } from "./aws-command";
import { builtinCommands } from "./builtins";
import { curl } from "./curl";
import { ping } from "./ping";
import type { Command } from "./shell";

/** Every program this simulated host runs; anything else is `command not found`. */
export const hostCommands: Record<string, Command> = { ...builtinCommands, ping, curl, aws };
