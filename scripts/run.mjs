#!/usr/bin/env node
// The two README commands (and the benchmark, the load run and the fuzzer) start here: `npm run demo`, `npm test`, `npm run bench`, `npm run load`, `npm run fuzz`.
// Plain Node, no dependencies: it runs before anything is installed, installs what is missing, then works.
import { spawnSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options, env: { ...process.env, ...options.env } });
  return result.status ?? 1;
}

function runOrExit(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n✗ ${command} ${args.join(" ")} failed (exit ${status}).`);
    process.exit(status);
  }
}

function hashFiles(files) {
  const hash = crypto.createHash("sha256");
  for (const file of files) {
    hash.update(file);
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const stat = fs.statSync(dir);
  if (stat.isFile()) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => listFiles(path.join(dir, entry.name)))
    .sort();
}

/** Installs npm packages when node_modules is missing or older than package.json / the lockfile. */
function ensureDependencies() {
  const stampFile = path.join(root, "node_modules", ".vpclab-installed");
  const wanted = hashFiles(["package.json", "package-lock.json"]);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === wanted) return;
  console.log("Installing npm packages…");
  // `npm ci` refuses lockfiles made on Linux elsewhere (missing optional binaries); npm install does not.
  runOrExit("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
  fs.writeFileSync(stampFile, hashFiles(["package.json", "package-lock.json"]));
}

const BUILD_INPUTS = ["app", "components", "lib", "public", "types", "proxy.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

/** Builds the Next app when its sources changed since the last build. */
function ensureBuild() {
  const stampFile = path.join(root, ".next", "vpclab-build-inputs");
  const wanted = hashFiles(BUILD_INPUTS.flatMap(listFiles));
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === wanted) return;
  console.log("Building the console…");
  runOrExit(bin("next"), ["build"], { env: { NEXT_TELEMETRY_DISABLED: "1" } });
  fs.writeFileSync(stampFile, wanted);
}

function isDebianLike() {
  return fs.existsSync("/etc/debian_version");
}

function canInstallWithApt() {
  return isDebianLike() && (process.getuid?.() === 0 || run("sudo", ["-n", "true"], { stdio: "ignore" }) === 0);
}

function aptInstall(packages) {
  const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const [command, ...prefix] = sudo.length ? sudo : ["env"];
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  runOrExit(command, [...prefix, "apt-get", "update", "-qq"], { env });
  runOrExit(command, [...prefix, "apt-get", "install", "-y", "-qq", ...packages], { env });
}

const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

function findChromium() {
  const given = process.env.CHROMIUM_PATH;
  if (given && fs.existsSync(given)) return given;
  return CHROMIUM_CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

function ensureChromium() {
  let found = findChromium();
  if (!found && canInstallWithApt()) {
    console.log("Installing Chromium with apt…");
    aptInstall(["chromium"]);
    found = findChromium();
  }
  if (!found) {
    console.error(
      "No Chromium or Chrome found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome),\n" +
        "or point CHROMIUM_PATH at its executable, then run `npm test` again.",
    );
    process.exit(1);
  }
  return found;
}

/** The AWS CLI v2 the sandbox's CLI suites drive. */
function findAwsCliV2() {
  const candidates = [process.env.AWS_CLI_PATH, "/usr/bin/aws", "/usr/local/bin/aws"].filter(Boolean);
  return candidates.find((candidate) => {
    if (!fs.existsSync(candidate)) return false;
    const version = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    return /aws-cli\/2\./.test(`${version.stdout}${version.stderr}`);
  });
}

function ensureAwsCli() {
  let found = findAwsCliV2();
  if (!found && canInstallWithApt()) {
    console.log("Installing the AWS CLI v2 with apt…");
    aptInstall(["awscli"]);
    found = findAwsCliV2();
  }
  if (!found) {
    console.error(
      "The sandbox tests drive the AWS CLI v2 and none was found. Install it (Debian/Ubuntu: `sudo apt-get install awscli`;\n" +
        "elsewhere: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) or set AWS_CLI_PATH, then run `npm test` again.",
    );
    process.exit(1);
  }
  return found;
}

/**
 * Debian's Ansible (amazon.aws and community.aws collections) and python3-boto3, which the client
 * suites in clients/ drive with Debian's own python3 (clients/testing.ts).
 */
const ANSIBLE_PLAYBOOK = process.env.ANSIBLE_PLAYBOOK_PATH || "/usr/bin/ansible-playbook";
const CLIENT_PYTHON = process.env.CLIENT_PYTHON_PATH || "/usr/bin/python3";

function hasAnsibleAndBoto3() {
  if (!fs.existsSync(ANSIBLE_PLAYBOOK) || !fs.existsSync(CLIENT_PYTHON)) return false;
  return spawnSync(CLIENT_PYTHON, ["-c", "import boto3, ansible_collections.amazon.aws, ansible_collections.community.aws"], { stdio: "ignore" }).status === 0;
}

function ensureAnsibleAndBoto3() {
  if (!hasAnsibleAndBoto3() && canInstallWithApt()) {
    console.log("Installing Ansible and boto3 with apt…");
    aptInstall(["ansible", "python3-boto3"]);
  }
  if (!hasAnsibleAndBoto3()) {
    console.error(
      "The client suites drive Debian's Ansible and boto3 and did not find them. Install them (Debian/Ubuntu:\n" +
        "`sudo apt-get install ansible python3-boto3`), then run `npm test` again.",
    );
    process.exit(1);
  }
}

/** The other supported Node LTS line CI runs the unit suite on, from the npm registry's `node` package. */
const OTHER_NODE_MAJOR = Number(process.versions.node.split(".")[0]) === 22 ? 24 : 22;

function ensureOtherNode() {
  const prefix = path.join(root, "node_modules", ".cache", `node${OTHER_NODE_MAJOR}`);
  const node = path.join(prefix, "node_modules", ".bin", "node");
  if (!fs.existsSync(node)) {
    console.log(`Installing Node ${OTHER_NODE_MAJOR} for the unit suite…`);
    runOrExit("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", `node@${OTHER_NODE_MAJOR}`]);
  }
  return node;
}

/** Whether `npm test` also runs the unit suite on the other LTS line: always under CI, else when VPCLAB_TEST_SECOND_NODE=1 (0 turns it off). */
function wantsSecondNode() {
  const asked = process.env.VPCLAB_TEST_SECOND_NODE;
  return asked === undefined ? Boolean(process.env.CI) && process.env.CI !== "false" : asked === "1";
}

/** The version a Node executable reports (its process.version), so a stage's header shows which Node really ran it. */
function nodeVersion(node) {
  const result = spawnSync(node, ["-p", "process.version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "unknown version";
}

// ---- commands -------------------------------------------------------------------------------

function demo() {
  ensureDependencies();
  ensureBuild();
  const child = spawn(bin("tsx"), ["server.ts"], {
    stdio: "inherit",
    // Two malloc arenas: glibc's default (8 per core) kept freed memory per thread; see docs/deploy.md.
    env: { MALLOC_ARENA_MAX: "2", ...process.env, NODE_ENV: "production", VPCLAB_SEED_DEMO: "1", NEXT_TELEMETRY_DISABLED: "1" },
  });
  const forward = (signal) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code) => process.exit(code ?? 0));
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** The first line of a failure message, without terminal colours, so the summary names the cause. */
function firstLine(message) {
  return String(message ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").find((line) => line.trim()) ?? "";
}

/** "file › test name: first line of its error" for each failed test of a Vitest JSON report. */
function failedUnitTests(report) {
  return (report.testResults ?? []).flatMap((file) => {
    const where = path.relative(root, file.name);
    const failed = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    if (failed.length === 0 && file.status === "failed") return [`${where}: ${firstLine(file.message)}`];
    return failed.map((test) => `${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
  });
}

/** The same for a Playwright JSON report: each spec whose last attempt did not pass. */
function failedEndToEndTests(report) {
  const walk = (suite) => [
    ...(suite.specs ?? []).flatMap((spec) =>
      (spec.tests ?? [])
        .filter((test) => test.status === "unexpected")
        .map((test) => `${spec.file}:${spec.line} › ${spec.title}: ${firstLine(test.results?.at(-1)?.error?.message)}`),
    ),
    ...(suite.suites ?? []).flatMap(walk),
  ];
  return (report.suites ?? []).flatMap(walk);
}

function test() {
  ensureDependencies();
  const chromium = ensureChromium();
  const awsCli = ensureAwsCli();
  ensureAnsibleAndBoto3();
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), "vpclab-test-"));
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const stages = [];
  // Named again at the very end, where a CI log's tail still shows them.
  const failures = [];
  // The SDK's warning that it will need Node 22 is printed by every test process on Node 20; the README names the supported versions.
  const env = { CHROMIUM_PATH: chromium, AWS_CLI_PATH: awsCli, NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

  const check = (name, command, args) => {
    console.log(`\n▶ ${name}`);
    const ok = run(command, args, { env }) === 0;
    totals[ok ? "passed" : "failed"] += 1;
    stages.push(`${name}: ${ok ? "passed" : "failed"}`);
  };

  check("Type check", bin("tsc"), ["--noEmit", "-p", "."]);
  check("Lint", bin("eslint"), ["--max-warnings=0", "."]);

  const unitStage = (name, node) => {
    console.log(`\n▶ ${name} (node ${nodeVersion(node)})`);
    const report = path.join(reports, `${name.replace(/\W+/g, "-")}.json`);
    // Another Node goes first on PATH, so what the tests spawn as `node` (tsx, scripts) runs on it too.
    const onPath = node === process.execPath ? {} : { PATH: [path.dirname(node), process.env.PATH].join(path.delimiter) };
    const status = run(node, [bin("vitest"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
      env: { ...env, NODE_ENV: "test", ...onPath },
    });
    const unit = readJson(report);
    if (unit) {
      totals.passed += unit.numPassedTests;
      totals.failed += unit.numFailedTests + (status !== 0 && unit.numFailedTests === 0 ? 1 : 0);
      totals.skipped += unit.numPendingTests + unit.numTodoTests;
      stages.push(`${name}: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
      failures.push(...failedUnitTests(unit).map((failure) => `[${name}] ${failure}`));
    } else {
      totals.failed += 1;
      stages.push(`${name}: did not run to the end`);
    }
  };

  unitStage("Unit tests", process.execPath);
  // The unit suite on another supported LTS line (a new user has 22 or 24; this machine may have 20).
  if (wantsSecondNode()) unitStage(`Unit tests on Node ${OTHER_NODE_MAJOR}`, ensureOtherNode());

  console.log("\n▶ End-to-end tests (Playwright, Chromium)");
  ensureBuild();
  const e2eReport = path.join(reports, "e2e.json");
  const e2eStatus = run(bin("playwright"), ["test"], { env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport } });
  const e2e = readJson(e2eReport);
  if (e2e?.stats) {
    const { expected, unexpected, flaky, skipped } = e2e.stats;
    totals.passed += expected + flaky;
    totals.failed += unexpected + (e2eStatus !== 0 && unexpected === 0 ? 1 : 0);
    totals.skipped += skipped;
    stages.push(`End-to-end tests: ${expected + flaky} passed, ${unexpected} failed`);
    failures.push(...failedEndToEndTests(e2e).map((failure) => `[End-to-end] ${failure}`));
  } else {
    totals.failed += 1;
    stages.push("End-to-end tests: did not run to the end");
  }

  if (failures.length > 0) console.log(`\nFailed:\n${failures.map((failure) => `  ✗ ${failure.slice(0, 400)}`).join("\n")}`);
  console.log(`\n${stages.join("\n")}`);
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : "";
  console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

function bench() {
  ensureDependencies();
  const chromium = ensureChromium();
  ensureBuild();
  runOrExit(bin("tsx"), ["scripts/bench.ts", ...process.argv.slice(3)], { env: { CHROMIUM_PATH: chromium, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
}

/** `npm run load [-- --students N --minutes M --url U]`: a class on the product's server (scripts/load.ts); a measurement, it exits 0 whatever the figures. */
function load() {
  ensureDependencies();
  // A console given with --url is already running, maybe from this folder's build: rebuilding it under
  // the server breaks every page it serves ("Cannot read properties of undefined (reading 'bind')").
  if (!process.argv.some((arg) => arg === "--url" || arg.startsWith("--url="))) ensureBuild();
  // The SDK's notice that it will need Node 22 is printed once per process on Node 20; the README names the supported versions.
  const env = { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  runOrExit(bin("tsx"), ["scripts/load.ts", ...process.argv.slice(3)], { env });
}

/** `npm run fuzz [-- --requests N --seed S]`: the sandbox fuzzer on loopback (scripts/fuzz.ts); exits non-zero on any failure. */
function fuzz() {
  ensureDependencies();
  const status = run(bin("tsx"), ["scripts/fuzz.ts", ...process.argv.slice(3)], { env: { NODE_ENV: "test", NEXT_TELEMETRY_DISABLED: "1" } });
  process.exit(status);
}

const commands = { demo, test, bench, load, fuzz };
const name = process.argv[2];
if (!commands[name]) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(commands).join("|")}`);
  process.exit(2);
}
commands[name]();
