/**
 * The account's Run Command history, one row per command in `sandbox_ssm_commands` (the fleet
 * stays in the SSM state document). A command is written when sent and once more with its
 * results, whatever the length of the history; only the newest MAX_COMMANDS are kept.
 */
import { queryRows } from "@/lib/db/client";
import { notifyChange } from "@/lib/sandbox/core/state-store";
import { MAX_COMMANDS } from "./model/commands";
import type { CommandRecord } from "./model/types";
import { SSM_SERVICE_NAME } from "./state";

function announce(accountId: string, region: string, action: string): void {
  notifyChange({ accountId, service: SSM_SERVICE_NAME, region, action });
}

/** Stores a new command and forgets the oldest beyond MAX_COMMANDS (SSM forgets after 30 days). */
export async function insertCommand(accountId: string, region: string, command: CommandRecord): Promise<void> {
  await queryRows(
    "insert into sandbox_ssm_commands (account_id, region, command_id, document) values ($1, $2, $3, $4::json)",
    [accountId, region, command.id, JSON.stringify(command)],
  );
  await queryRows(
    `delete from sandbox_ssm_commands where account_id = $1 and region = $2 and sequence <= (
       select sequence from sandbox_ssm_commands where account_id = $1 and region = $2 order by sequence desc offset $3 limit 1)`,
    [accountId, region, MAX_COMMANDS],
  );
  announce(accountId, region, "SendCommand");
}

/** Replaces a stored command (its results); false when it is gone (forgotten meanwhile). */
export async function updateCommand(accountId: string, region: string, command: CommandRecord, action: string): Promise<boolean> {
  const rows = await queryRows(
    "update sandbox_ssm_commands set document = $4::json where account_id = $1 and region = $2 and command_id = $3 returning command_id",
    [accountId, region, command.id, JSON.stringify(command)],
  );
  if (rows.length === 0) return false;
  announce(accountId, region, action);
  return true;
}

function parsed(document: unknown): CommandRecord {
  return (typeof document === "string" ? JSON.parse(document) : document) as CommandRecord;
}

export async function readCommand(accountId: string, region: string, commandId: string): Promise<CommandRecord | undefined> {
  const rows = await queryRows<{ document: unknown }>(
    "select document from sandbox_ssm_commands where account_id = $1 and region = $2 and command_id = $3",
    [accountId, region, commandId],
  );
  return rows.length === 0 ? undefined : parsed(rows[0].document);
}

/** Newest first, as ListCommands answers. */
export async function readCommands(accountId: string, region: string): Promise<CommandRecord[]> {
  const rows = await queryRows<{ document: unknown }>(
    "select document from sandbox_ssm_commands where account_id = $1 and region = $2 order by sequence desc",
    [accountId, region],
  );
  return rows.map((row) => parsed(row.document));
}
