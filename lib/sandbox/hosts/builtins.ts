import { broadcastOf, type HostFacts, subnetPrefixLength } from "./host-facts";
import { type Command, type CommandContext, ExitRequest, HOME, USER } from "./shell";

/** Files every AL2023 home directory starts with; `ls -a` shows them. */
const HOME_SKELETON = [".bash_logout", ".bash_profile", ".bashrc", ".ssh"];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** bash's echo: -n drops the newline; -e is accepted and leaves text as typed. */
const echo: Command = async ({ args, out }) => {
  let words = args;
  let newline = true;
  while (words[0] === "-n" || words[0] === "-e" || words[0] === "-E") {
    if (words[0] === "-n") newline = false;
    words = words.slice(1);
  }
  out(words.join(" ") + (newline ? "\n" : ""));
  return 0;
};

const cat: Command = async ({ shell, args, stdin, out, err }) => {
  if (args.length === 0) {
    out(stdin);
    return 0;
  }
  let status = 0;
  for (const file of args) {
    const content = shell.readFile(file);
    if (content !== undefined) out(content);
    else {
      err(shell.isDirectory(file) ? `cat: ${file}: Is a directory\n` : `cat: ${file}: No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

function listing(context: CommandContext, directory: string, all: boolean): string[] {
  const names = context.shell.listDirectory(directory).filter((name) => all || !name.startsWith("."));
  const atHome = context.shell.resolvePath(directory) === HOME;
  const extra = all ? [".", "..", ...(atHome ? HOME_SKELETON : [])] : [];
  // ls sorts by the locale's collation, which ignores leading dots and case.
  const key = (name: string) => name.replace(/^\.+/, "").toLowerCase();
  return [...new Set([...extra, ...names])].sort((a, b) => key(a).localeCompare(key(b)) || a.localeCompare(b));
}

const ls: Command = async (context) => {
  const { shell, args, out, err, stdoutIsTerminal } = context;
  const flags = args.filter((arg) => arg.startsWith("-")).join("");
  const targets = args.filter((arg) => !arg.startsWith("-"));
  const all = flags.includes("a");
  let status = 0;
  const shown: string[] = [];
  for (const target of targets.length > 0 ? targets : ["."]) {
    if (shell.readFile(target) !== undefined) shown.push(target);
    else if (shell.isDirectory(target)) shown.push(...listing(context, target, all));
    else {
      err(`ls: cannot access '${target}': No such file or directory\n`);
      status = 2;
    }
  }
  // On a terminal ls prints names across the line; into a pipe or file, one per line.
  if (shown.length > 0) out(stdoutIsTerminal && !flags.includes("1") ? `${shown.join("  ")}\n` : `${shown.join("\n")}\n`);
  return status;
};

const pwd: Command = async ({ out }) => {
  out(`${HOME}\n`);
  return 0;
};

const cd: Command = async ({ shell, args, err }) => {
  const target = args[0] ?? HOME;
  if (shell.resolvePath(target) === HOME) return 0;
  err(shell.isDirectory(target) ? `bash: cd: ${target}: this host keeps you in ${HOME}\n` : `bash: cd: ${target}: No such file or directory\n`);
  return 1;
};

const mkdir: Command = async ({ shell, args, err }) => {
  let status = 0;
  for (const directory of args.filter((arg) => !arg.startsWith("-"))) {
    if (shell.isDirectory(directory) && !args.includes("-p")) {
      err(`mkdir: cannot create directory ‘${directory}’: File exists\n`);
      status = 1;
    } else {
      const problem = shell.makeDirectory(directory);
      if (problem) {
        err(`${problem}\n`);
        status = 1;
      }
    }
  }
  return status;
};

const rm: Command = async ({ shell, args, err }) => {
  let status = 0;
  for (const file of args.filter((arg) => !arg.startsWith("-"))) {
    if (!shell.removeFile(file) && !args.includes("-f")) {
      err(`rm: cannot remove '${file}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const whoami: Command = async ({ out, asRoot }) => {
  out(`${asRoot ? "root" : USER}\n`);
  return 0;
};

const hostname: Command = async ({ shell, out }) => {
  out(`${(await shell.facts()).fqdn}\n`);
  return 0;
};

/** The IPv6 link-local address systemd-networkd derives from the MAC (EUI-64). */
function linkLocal(mac: string): string {
  const bytes = mac.split(":").map((part) => parseInt(part, 16));
  bytes[0] ^= 0x02;
  const groups = [(bytes[0] << 8) | bytes[1], (bytes[2] << 8) | 0xff, 0xfe00 | bytes[3], (bytes[4] << 8) | bytes[5]];
  return `fe80::${groups.map((group) => group.toString(16)).join(":")}/64`;
}

/** `ip addr` on AL2023: loopback, then the ENI with its DHCP lease (valid for an hour, renewed at half). */
export function ipAddrOutput(facts: HostFacts, leaseSecondsLeft: number): string {
  const altNames = facts.networkInterfaceId ? `    altname ${facts.networkInterfaceId}\n    altname device-number-0\n` : "";
  return [
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n",
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n",
    "    inet 127.0.0.1/8 scope host lo\n",
    "       valid_lft forever preferred_lft forever\n",
    "    inet6 ::1/128 scope host noprefixroute \n",
    "       valid_lft forever preferred_lft forever\n",
    `2: ${facts.interfaceName}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc fq_codel state UP group default qlen 1000\n`,
    `    link/ether ${facts.mac} brd ff:ff:ff:ff:ff:ff\n`,
    altNames,
    `    inet ${facts.privateIp}/${subnetPrefixLength(facts.subnetCidr)} metric 512 brd ${broadcastOf(facts.subnetCidr)} scope global dynamic ${facts.interfaceName}\n`,
    `       valid_lft ${leaseSecondsLeft}sec preferred_lft ${leaseSecondsLeft}sec\n`,
    `    inet6 ${linkLocal(facts.mac)} scope link \n`,
    "       valid_lft forever preferred_lft forever\n",
  ].join("");
}

const LEASE_SECONDS = 3600;

const ip: Command = async ({ shell, args, out, err }) => {
  const object = args[0] ?? "";
  if (!["a", "addr", "address"].includes(object) || (args[1] && !["show", "list", "ls"].includes(args[1]))) {
    err(`Object "${object}" is unknown on this host; try "ip addr".\n`);
    return 255;
  }
  const world = await shell.world();
  const facts = await shell.facts();
  const launch = world.index.instances.get(shell.instanceId)?.instance.LaunchTime;
  const since = launch ? Math.max(0, Math.floor((shell.services.now() - new Date(launch).getTime()) / 1000)) : 0;
  out(ipAddrOutput(facts, LEASE_SECONDS - (since % (LEASE_SECONDS / 2)) - 1));
  return 0;
};

/** What `clear` writes for TERM=xterm-256color: home, erase screen, erase scrollback. */
const clear: Command = async ({ out }) => {
  out("\x1b[H\x1b[2J\x1b[3J");
  return 0;
};

const exit: Command = async ({ shell, args, err }) => {
  const code = args[0] === undefined ? shell.lastStatus : Number(args[0]);
  if (!Number.isInteger(code)) {
    err(`bash: exit: ${args[0]}: numeric argument required\n`);
    throw new ExitRequest(2);
  }
  throw new ExitRequest(((code % 256) + 256) % 256);
};

const exportCommand: Command = async ({ shell, args, err }) => {
  let status = 0;
  for (const arg of args) {
    const [name, ...rest] = arg.split("=");
    if (!NAME.test(name)) {
      err(`bash: export: \`${arg}': not a valid identifier\n`);
      status = 1;
    } else shell.exportVariable(name, rest.length > 0 ? rest.join("=") : undefined);
  }
  return status;
};

const unset: Command = async ({ shell, args }) => {
  for (const name of args) shell.unsetVariable(name);
  return 0;
};

const env: Command = async ({ env: variables, out }) => {
  out(Object.entries(variables).map(([name, value]) => `${name}=${value}\n`).join(""));
  return 0;
};

const HELP = `This simulated Amazon Linux 2023 host understands:
  ping [-c count] [-i interval] [-W timeout] host
  curl [-s] [-X method] [-H header] [-o file] [-f] url   (instance metadata at 169.254.169.254)
  aws configure [list | get name | set name value]
  aws s3 ls [s3://bucket[/prefix]] | cp source destination | rm s3://bucket/key
  aws sts get-caller-identity
  hostname  whoami  ip addr  echo  cat  ls  pwd  mkdir  rm  env  export  unset  clear  sudo  exit  help
`;

const help: Command = async ({ out }) => {
  out(HELP);
  return 0;
};

export const builtinCommands: Record<string, Command> = {
  echo,
  cat,
  ls,
  pwd,
  cd,
  mkdir,
  rm,
  whoami,
  hostname,
  ip,
  clear,
  exit,
  logout: exit,
  export: exportCommand,
  unset,
  env,
  help,
  true: async () => 0,
  false: async () => 1,
};
