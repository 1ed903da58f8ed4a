import { sql } from "drizzle-orm";
import {
  bigserial,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    githubId: text("github_id"),
    role: text("role", { enum: ["instructor", "student"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    uniqueIndex("users_github_id_key").on(t.githubId),
  ],
);

/** Failed sign-ins, counted per key ("account:<email>" or "address:<ip>") to slow down guessing. */
export const signInFailures = pgTable("sign_in_failures", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  firstFailureAt: timestamp("first_failure_at", { withTimezone: true }).notNull(),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
});

/** One sandbox AWS account per user. */
export const sandboxAccounts = pgTable("sandbox_accounts", {
  accountId: text("account_id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Access keys of sandbox accounts. The secret is kept because SigV4 verification needs it, as in AWS. */
export const sandboxAccessKeys = pgTable(
  "sandbox_access_keys",
  {
    accessKeyId: text("access_key_id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => sandboxAccounts.accountId, { onDelete: "cascade" }),
    secretAccessKey: text("secret_access_key").notNull(),
    /** IAM user name the key belongs to; null for the account's console (root) key. */
    userName: text("user_name"),
    status: text("status", { enum: ["Active", "Inactive"] }).notNull().default("Active"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sandbox_access_keys_account_idx").on(t.accountId)],
);

/**
 * The state of one sandbox service in one account ("ec2:us-east-1", "iam"), as one document
 * written per API call. `json`, not `jsonb`: the text is kept as written, key order included,
 * so a state reloaded after a restart serializes exactly as it did before.
 */
export const sandboxState = pgTable(
  "sandbox_state",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => sandboxAccounts.accountId, { onDelete: "cascade" }),
    service: text("service").notNull(),
    document: json("document").notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.service] })],
);

/** Every sandbox API call, CloudTrail-style. */
export const sandboxActivity = pgTable(
  "sandbox_activity",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    accountId: text("account_id").notNull(),
    requestId: text("request_id").notNull(),
    caller: text("caller").notNull(),
    accessKeyId: text("access_key_id"),
    service: text("service").notNull(),
    action: text("action").notNull(),
    summary: text("summary").notNull(),
    httpStatus: integer("http_status").notNull(),
    errorCode: text("error_code"),
    sourceIp: text("source_ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sandbox_activity_account_at_idx").on(t.accountId, t.at)],
);

/** A user's place in one lab. */
export const labProgress = pgTable(
  "lab_progress",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id").notNull(),
    completedSteps: jsonb("completed_steps").$type<string[]>().notNull().default([]),
    notes: jsonb("notes").$type<Record<string, string>>().notNull().default({}),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.labId] })],
);
