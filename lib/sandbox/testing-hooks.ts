/**
 * The sandbox server of one test file, started before its tests and closed after them: the
 * set-up every sandbox test file needs, written once. Kept apart from testing.ts because it
 * registers vitest hooks, and testing.ts also serves the fuzzer and the benchmarks.
 */
import { afterAll, beforeAll } from "vitest";
import { startSandboxServer, type SandboxServer, type SandboxServerOptions, type TestAccount } from "./testing";

/**
 * Registers beforeAll/afterAll for the file and returns the server, usable inside tests and hooks
 * (the object reads the running server, so it can be taken at the top of the file).
 */
export function sandboxForFile(options: SandboxServerOptions = {}): SandboxServer {
  let running: SandboxServer | undefined;
  beforeAll(async () => {
    running = await startSandboxServer(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  const current = (): SandboxServer => {
    if (!running) throw new Error("the file's sandbox starts in beforeAll: use it inside a test or a hook");
    return running;
  };
  return {
    get endpoint() {
      return current().endpoint;
    },
    get http() {
      return current().http;
    },
    newAccount: () => current().newAccount(),
    reopenDatabase: () => current().reopenDatabase(),
    close: () => current().close(),
  };
}

/** A sandbox account made once for the file (after its server starts); its fields read the account made. */
export function accountForFile(server: SandboxServer): TestAccount {
  let account: TestAccount | undefined;
  beforeAll(async () => {
    account = await server.newAccount();
  });
  const current = (): TestAccount => {
    if (!account) throw new Error("the file's account is made in beforeAll: use it inside a test or a hook");
    return account;
  };
  return {
    get accountId() {
      return current().accountId;
    },
    get userId() {
      return current().userId;
    },
    get credentials() {
      return current().credentials;
    },
  };
}

/** An SDK client made on its first call (once the file's server and account exist), usable from the top of the file. */
export function clientForFile<C extends { send: (...args: never[]) => unknown }>(make: () => C): C {
  let client: C | undefined;
  const send = (...args: never[]) => (client ??= make()).send(...args);
  return { send } as unknown as C;
}
