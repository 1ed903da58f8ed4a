import ipaddr from "ipaddr.js";
import { analyzePacketPath } from "@/lib/analysis";
import { between } from "./host-facts";
import { seededRandomFromText } from "@/lib/seeded-random";
import { type NameLookup, resolveName } from "./names";
import type { Command, CommandContext } from "./shell";
import type { World } from "./types";

export interface PingOptions {
  count?: number;
  /** Seconds between packets. */
  interval: number;
  /** Seconds to wait for a reply; also how long ping lingers after the last packet. */
  timeout?: number;
  target: string;
}

/** iputils waits this long for late replies after the last packet when -W is not given. */
const DEFAULT_LINGER_MS = 10_000;
/** Replies inside AWS keep the TTL they left with: the fabric does not count as router hops. */
const VPC_TTL = 64;
/** A reply from a host on the internet, which starts at 64 and crosses about a dozen routers. */
const INTERNET_TTL = 52;

type ParsedPing = { kind: "ok"; options: PingOptions } | { kind: "error"; message: string; status: number };

function positiveNumber(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(number) && number > 0 ? number : undefined;
}

/** iputils' option parsing for -c, -i and -W (values may be glued on: -c4). */
export function parsePingArgs(args: string[], asRoot: boolean): ParsedPing {
  const options: Partial<PingOptions> & { interval: number } = { interval: 1 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("-") || arg === "-") {
      options.target = arg;
      continue;
    }
    const flag = arg[1];
    if (!"ciW".includes(flag) || arg.length < 2) return { kind: "error", message: `ping: invalid option -- '${arg.slice(1, 2)}'\n`, status: 2 };
    const value = arg.length > 2 ? arg.slice(2) : args[++i];
    if (value === undefined) return { kind: "error", message: `ping: option requires an argument -- '${flag}'\n`, status: 2 };
    const number = flag === "c" ? (Number.isInteger(Number(value)) ? positiveNumber(value) : undefined) : positiveNumber(value);
    if (number === undefined) return { kind: "error", message: `ping: invalid argument: '${value}'\n`, status: 1 };
    if (flag === "c") options.count = number;
    else if (flag === "i") options.interval = number;
    else options.timeout = number;
  }
  if (!options.target) return { kind: "error", message: "ping: usage error: Destination address required\n", status: 1 };
  if (options.interval < 0.2 && !asRoot) return { kind: "error", message: "ping: cannot flood; minimal interval allowed for user is 200ms\n", status: 2 };
  return { kind: "ok", options: options as PingOptions };
}

interface Statistics {
  transmitted: number;
  received: number;
  /** Round-trip times in microseconds, as iputils keeps them. */
  rtts: number[];
  /** Milliseconds from the first packet to the last event. */
  elapsedMs: number;
}

/** iputils' reply time: three decimals under 1 ms, fewer as it grows. */
export function formatReplyTime(microseconds: number): string {
  if (microseconds >= 100000 - 50) return `${Math.floor((microseconds + 500) / 1000)}`;
  if (microseconds >= 10000 - 5) return `${Math.floor((microseconds + 50) / 1000)}.${Math.floor(((microseconds + 50) % 1000) / 100)}`;
  if (microseconds >= 1000) return `${Math.floor((microseconds + 5) / 1000)}.${String(Math.floor(((microseconds + 5) % 1000) / 10)).padStart(2, "0")}`;
  return `0.${String(microseconds).padStart(3, "0")}`;
}

function millis(microseconds: number): string {
  return `${Math.floor(microseconds / 1000)}.${String(microseconds % 1000).padStart(3, "0")}`;
}

/** C's %g for the loss percentage: six significant digits, no trailing zeros. */
function percent(value: number): string {
  return String(Number(Math.fround(value).toPrecision(6)));
}

function integerSqrt(value: number): number {
  return value > 0 ? Math.floor(Math.sqrt(value)) : 0;
}

/** The summary iputils prints when it stops (count reached or Ctrl-C), mdev computed as it does. */
export function statisticsText(name: string, stats: Statistics): string {
  const loss = ((stats.transmitted - stats.received) * 100) / stats.transmitted;
  let text = `\n--- ${name} ping statistics ---\n`;
  text += `${stats.transmitted} packets transmitted, ${stats.received} received, ${percent(loss)}% packet loss, time ${Math.round(stats.elapsedMs)}ms\n`;
  if (stats.received > 0) {
    const total = stats.rtts.length;
    const sum = stats.rtts.reduce((acc, rtt) => acc + rtt, 0);
    const sumOfSquares = stats.rtts.reduce((acc, rtt) => acc + rtt * rtt, 0);
    const average = Math.floor(sum / total);
    const variance = Math.floor((sumOfSquares - Math.floor((sum * sum) / total)) / total);
    const deviation = integerSqrt(variance);
    text += `rtt min/avg/max/mdev = ${millis(Math.min(...stats.rtts))}/${millis(average)}/${millis(Math.max(...stats.rtts))}/${millis(deviation)} ms`;
  }
  return `${text}\n`;
}

interface Reply {
  ttl: number;
  /** Microseconds. */
  rtt: number;
}

type Answer = (world: World, random: () => number) => Reply | undefined;

/** Decides, packet by packet, whether an echo reply comes back, with the analysis as the judge. */
function answererFor(instanceId: string, lookup: NameLookup): Answer {
  if (lookup.local) return (_world, random) => ({ ttl: VPC_TTL, rtt: between(random, 18, 60) });
  return (world, random) => {
    const verdict = analyzePacketPath(world.index, { from: { instanceId }, to: { address: lookup.address }, protocol: "icmp" });
    if (!verdict.reachable) return undefined;
    const target = world.index.interfaceByPublicIp.get(lookup.address);
    const inAws = target || ipaddr.IPv4.parse(lookup.address).range() === "private";
    if (!inAws) return { ttl: INTERNET_TTL, rtt: between(random, 1100, 2900) };
    return { ttl: VPC_TTL, rtt: target ? between(random, 600, 1200) : between(random, 330, 480) };
  };
}

function replyLine(lookup: NameLookup, sequence: number, reply: Reply): string {
  const from = lookup.numeric ? lookup.address : `${lookup.reverseName} (${lookup.address})`;
  return `64 bytes from ${from}: icmp_seq=${sequence} ttl=${reply.ttl} time=${formatReplyTime(reply.rtt)} ms\n`;
}

/** Sends echo requests one interval apart until -c runs out or Ctrl-C, then prints the summary. */
async function pingLoop(context: CommandContext, options: PingOptions, lookup: NameLookup): Promise<number> {
  const { shell, out } = context;
  const random = seededRandomFromText(`${shell.instanceId}|${lookup.address}|${shell.services.now()}`);
  const answer = answererFor(shell.instanceId, lookup);
  const stats: Statistics = { transmitted: 0, received: 0, rtts: [], elapsedMs: 0 };
  let sentAt = 0;
  let interrupted = false;
  for (let sequence = 1; options.count === undefined || sequence <= options.count; sequence++) {
    const reply = answer(await shell.freshWorld(), random);
    stats.transmitted++;
    stats.elapsedMs = sentAt;
    if (reply) {
      stats.received++;
      stats.rtts.push(reply.rtt);
      stats.elapsedMs = sentAt + reply.rtt / 1000;
      out(replyLine(lookup, sequence, reply));
    }
    if (sequence === options.count) break;
    // Each interval runs a little long: ping re-arms its timer after handling the last packet.
    const wait = options.interval * 1000 + between(random, 10, 25);
    if (!(await shell.clock.sleep(wait))) {
      interrupted = true;
      break;
    }
    sentAt += wait;
  }
  if (!interrupted && stats.received < stats.transmitted) {
    await shell.clock.sleep(options.timeout !== undefined ? options.timeout * 1000 : DEFAULT_LINGER_MS);
  }
  out(statisticsText(lookup.displayName, stats));
  return stats.received > 0 ? 0 : 1;
}

export const ping: Command = async (context) => {
  const parsed = parsePingArgs(context.args, context.asRoot);
  if (parsed.kind === "error") {
    context.err(parsed.message);
    return parsed.status;
  }
  const { options } = parsed;
  const lookup = resolveName(await context.shell.world(), context.shell.instanceId, options.target);
  if (!lookup) {
    context.err(`ping: ${options.target}: Name or service not known\n`);
    return 2;
  }
  context.out(`PING ${lookup.displayName} (${lookup.address}) 56(84) bytes of data.\n`);
  return pingLoop(context, options, lookup);
};
