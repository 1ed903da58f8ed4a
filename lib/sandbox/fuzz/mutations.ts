/**
 * What a hostile client changes in a valid call: prototype names where names go (parameter
 * names, JSON keys, XML elements, headers, actions), NUL bytes, invalid UTF-8, wrong types,
 * huge values and lists, unknown actions, malformed bodies.
 */
import type { Call, JsonCall, QueryCall, S3Call } from "./calls";
import type { Random } from "./random";

/** The names every parser must treat as plain names (or refuse), never as the prototype chain. */
export const PROTOTYPE_NAMES = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf", "__defineGetter__", "isPrototypeOf"] as const;

/** A property the run checks Object.prototype for afterwards (any other new property counts too). */
export const POLLUTION_MARK = "fuzzPolluted";

/** An allow-all policy, the value a polluted `policy` would carry (issue 13's bucket-opening attack). */
const ALLOW_ALL = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });

const PROTOTYPE_PARAM_NAMES = [
  "__proto__",
  `__proto__.${POLLUTION_MARK}`,
  `constructor.prototype.${POLLUTION_MARK}`,
  "constructor.prototype.policy",
  `Filter.1.constructor.prototype.${POLLUTION_MARK}`,
  `Filter.constructor.prototype.${POLLUTION_MARK}`,
  "Filter.1.__proto__",
  `Tag.1.__proto__.${POLLUTION_MARK}`,
  "toString",
  "hasOwnProperty",
  "valueOf",
  "constructor",
  "prototype",
  `IpPermissions.1.constructor.prototype.${POLLUTION_MARK}`,
];

const WRONG_VALUES = ["", "abc", "-1", "0", "1.5", "99999999999999999999", "1e309", "NaN", "true", "null", "[]", "{}", "10.0.0.0/33", "300.1.1.1/16", "vpc-", "i-zz", "%", " ", "\t\n"];

const NUL = "\u0000";

export interface Mutation<C extends Call> {
  name: string;
  apply(call: C, random: Random): C;
}

/** Mostly a few KB, now and then up to 2 MB (beyond what any AWS parameter accepts). */
function hugeText(random: Random): string {
  const size = random.weighted([
    [60, 4_096],
    [30, 65_536],
    [8, 512 * 1024],
    [2, 2 * 1024 * 1024],
  ]);
  return random.pick(size > 65_536 ? ["A", "0"] : ["A", "é", "0", "𝔘"]).repeat(size);
}

function withNul(random: Random, text: string): string {
  const at = random.int(text.length + 1);
  return `${text.slice(0, at)}${NUL}${text.slice(at)}`;
}

function replaceAt<T>(items: T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}

/** Index 0 is Action and 1 is Version: value mutations aim at the others when there are any. */
function paramIndex(call: QueryCall, random: Random): number {
  return call.params.length > 2 ? 2 + random.int(call.params.length - 2) : random.int(call.params.length);
}

function withAction(call: QueryCall, action: string): QueryCall {
  return { ...call, params: [["Action", action], ...call.params.filter(([name]) => name !== "Action")] };
}

/** Replaces the value (or the pair) of one parameter; a call left with none gets one. */
function changeParam(call: QueryCall, random: Random, change: (pair: [string, string]) => [string, string]): QueryCall {
  if (call.params.length === 0) return { ...call, params: [change(["VpcId", "vpc-0123456789abcdef0"])] };
  const i = paramIndex(call, random);
  return { ...call, params: replaceAt(call.params, i, change(call.params[i])) };
}

const QUERY_MUTATIONS: Mutation<QueryCall>[] = [
  { name: "prototype parameter name", apply: (call, random) => ({ ...call, params: [...call.params, [random.pick(PROTOTYPE_PARAM_NAMES), random.chance(0.3) ? ALLOW_ALL : "yes"]] }) },
  { name: "prototype action", apply: (call, random) => withAction(call, random.pick(PROTOTYPE_NAMES)) },
  { name: "unknown action", apply: (call, random) => withAction(call, `Fuzz${random.hex(6)}`) },
  { name: "no action", apply: (call) => ({ ...call, params: call.params.filter(([name]) => name !== "Action") }) },
  { name: "dropped parameter", apply: (call, random) => ({ ...call, params: call.params.filter((_, i) => i !== paramIndex(call, random)) }) },
  { name: "wrong type", apply: (call, random) => changeParam(call, random, ([name]) => [name, random.pick(WRONG_VALUES)]) },
  { name: "huge value", apply: (call, random) => changeParam(call, random, ([name]) => [name, hugeText(random)]) },
  { name: "NUL byte", apply: (call, random) => changeParam(call, random, ([name, value]) => (random.chance(0.5) ? [withNul(random, name), value] : [name, withNul(random, value)])) },
  {
    name: "list index out of range",
    apply: (call, random) => ({ ...call, params: [...call.params, [random.pick(["Filter.0.Name", "Filter.99999999.Name", "Filter.-1.Name", "Filter..Name", "VpcId.1.2", "VpcId.1e3", "Filter.1.Value.10001"]), "x"]] }),
  },
  {
    name: "long list",
    apply: (call, random) => {
      const count = random.pick([200, 1_000, 5_000]);
      const name = random.pick(["VpcId", "Filter", "InstanceId", "GroupId", "ResourceId"]);
      const items: [string, string][] = Array.from({ length: count }, (_, i) => [name === "Filter" ? `Filter.${i + 1}.Name` : `${name}.${i + 1}`, `vpc-${random.hex(17)}`]);
      return { ...call, params: [...call.params, ...items] };
    },
  },
  { name: "shape conflict", apply: (call) => ({ ...call, params: [...call.params, ["Filter", "x"], ["Filter.1.Name", "y"]] }) },
  { name: "wrong version", apply: (call, random) => ({ ...call, params: [...call.params.filter(([name]) => name !== "Version"), ["Version", random.pick(["2099-01-01", "", "__proto__", "2010-05-08"])]] }) },
];

function jsonWith(call: JsonCall, body: string): JsonCall {
  return { ...call, body };
}

/**
 * The body parsed back (the valid call's JSON), to change one field. A body an earlier mutation
 * nested thousands deep parses but cannot be written again (the stack runs out): it has no fields.
 */
function fieldsOf(call: JsonCall): Record<string, unknown> {
  try {
    const parsed = JSON.parse(call.body) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    JSON.stringify(parsed);
    return parsed as Record<string, unknown>;
  } catch {
    return {};
  }
}

function someField(call: JsonCall, random: Random): string {
  const names = Object.keys(fieldsOf(call));
  return names.length ? random.pick(names) : "InstanceId";
}

const JSON_MUTATIONS: Mutation<JsonCall>[] = [
  {
    name: "prototype JSON key",
    apply: (call, random) => {
      const inner = call.body.replace(/^\{/, "").replace(/\}$/, "");
      const attack = random.pick([
        `"__proto__":{"${POLLUTION_MARK}":"yes"}`,
        `"constructor":{"prototype":{"${POLLUTION_MARK}":"yes"}}`,
        `"__proto__":{"policy":${JSON.stringify(ALLOW_ALL)}}`,
        `"Filters":[{"Key":"${random.pick(PROTOTYPE_NAMES)}","Values":["x"]}]`,
        `"Filters":[{"Key":"PingStatus","Values":["Online"],"__proto__":{"${POLLUTION_MARK}":1}}]`,
        `"Parameters":{"__proto__":["id"],"constructor":["x"],"commands":["echo hi"]}`,
        `"${random.pick(PROTOTYPE_NAMES)}":"x"`,
      ]);
      return jsonWith(call, `{${inner}${inner ? "," : ""}${attack}}`);
    },
  },
  { name: "prototype target", apply: (call, random) => ({ ...call, target: `${call.target.split(".")[0]}.${random.pick(PROTOTYPE_NAMES)}` }) },
  { name: "unknown target", apply: (call, random) => ({ ...call, target: random.pick([`${call.target.split(".")[0]}.Fuzz${random.hex(4)}`, "", "Nope.SendCommand", call.target.toLowerCase()]) }) },
  {
    name: "wrong type",
    apply: (call, random) => jsonWith(call, JSON.stringify({ ...fieldsOf(call), [someField(call, random)]: random.pick<unknown>([1, null, true, {}, [], [[1]], "x", -1, 1e308, { a: { b: { c: {} } } }]) })),
  },
  { name: "dropped field", apply: (call, random) => jsonWith(call, JSON.stringify({ ...fieldsOf(call), [someField(call, random)]: undefined })) },
  { name: "huge value", apply: (call, random) => jsonWith(call, JSON.stringify({ ...fieldsOf(call), [someField(call, random)]: hugeText(random) })) },
  {
    name: "long list",
    apply: (call, random) => {
      const count = random.pick([1_000, 10_000]);
      const field = random.pick(["InstanceIds", "Filters", "Targets", "Parameters"]);
      const items = Array.from({ length: count }, (_, i) => (field === "InstanceIds" ? `i-${random.hex(17)}` : { Key: `k${i}`, Values: ["v"] }));
      return jsonWith(call, JSON.stringify({ ...fieldsOf(call), [field]: items }));
    },
  },
  { name: "NUL byte", apply: (call, random) => jsonWith(call, JSON.stringify({ ...fieldsOf(call), [someField(call, random)]: withNul(random, "i-0123456789abcdef0") })) },
  { name: "not JSON", apply: (call, random) => jsonWith(call, random.pick(["{", "[]", "1", "null", '"x"', "{\"a\":}", "{}}", "\u0000", call.body.slice(0, call.body.length >> 1)])) },
  {
    name: "deep nesting",
    apply: (call, random) => {
      const depth = random.pick([100, 5_000]);
      return jsonWith(call, `{"Filters":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    },
  },
];

function s3With(call: S3Call, change: Partial<S3Call>): S3Call {
  return { ...call, ...change };
}

const BAD_BUCKETS = ["__proto__", "constructor", "toString", "prototype", "A".repeat(300), "..", "bucket..name", "UPPER", "-x-", "xn--bad", "a", "192.168.0.1", "%00", "b%FF"];

const S3_MUTATIONS: Mutation<S3Call>[] = [
  { name: "prototype bucket", apply: (call, random) => s3With(call, { bucket: random.pick(BAD_BUCKETS) }) },
  { name: "prototype key", apply: (call, random) => s3With(call, { key: random.pick([...PROTOTYPE_NAMES, "__proto__/x", "constructor/prototype", "a/../../b", "%E0%A4%A", "%FF%FE", "A".repeat(1100), "%00", "a%00b"]) }) },
  {
    name: "prototype query name",
    apply: (call, random) => s3With(call, { query: [...call.query, [random.pick([...PROTOTYPE_NAMES, `constructor.prototype.${POLLUTION_MARK}`]), random.pick([undefined, "1", "%00"])]] }),
  },
  {
    name: "NUL in listing parameter",
    apply: (call, random) => s3With(call, { method: "GET", key: "", query: [["list-type", random.pick(["2", "1"])], [random.pick(["prefix", "start-after", "marker", "delimiter", "continuation-token"]), random.pick(["%00", "a%00", "%FF%FE", "__proto__"])]] }),
  },
  { name: "NUL in copy source", apply: (call, random) => s3With(call, { method: "PUT", key: "copy.txt", headers: { ...call.headers, "x-amz-copy-source": random.pick(["/b/a%00", "b/%00", "/__proto__/x", "%FF", "/", "", `/${"x".repeat(3000)}`]) } }) },
  {
    name: "prototype header",
    apply: (call, random) => s3With(call, { headers: { ...call.headers, [random.pick(["x-amz-meta-__proto__", "x-amz-meta-constructor", "__proto__", "constructor", "x-amz-tagging", "x-amz-acl"])]: random.pick(["yes", "__proto__=1", "private"]) } }),
  },
  {
    name: "bad header value",
    apply: (call, random) => s3With(call, { headers: { ...call.headers, [random.pick(["range", "content-md5", "x-amz-checksum-sha256", "if-match", "x-amz-server-side-encryption", "content-type", "x-amz-storage-class"])]: random.pick(["bytes=abc", "zzz", "", "bytes=5-1", "AES256x", "GLACIER", "x".repeat(4000)]) } }),
  },
  {
    name: "hostile XML",
    apply: (call, random) =>
      s3With(call, {
        method: "POST",
        key: "",
        query: [["delete", ""]],
        headers: { ...call.headers, "content-md5": "" },
        body: Buffer.from(
          random.pick([
            "<Delete><__proto__><Key>x</Key></__proto__></Delete>",
            `<Delete><Object><Key>__proto__</Key></Object><constructor><prototype><${POLLUTION_MARK}>1</${POLLUTION_MARK}></prototype></constructor></Delete>`,
            "<Delete><Object><Key>a\u0000b</Key></Object></Delete>",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Delete><Object><Key>&b;</Key></Object></Delete>',
            "<Delete><Object><Key>x</Key>",
            "not xml",
            `<Delete>${"<Object><Key>k</Key></Object>".repeat(1_001)}</Delete>`,
            `${"<a>".repeat(5_000)}`,
          ]),
        ),
      }),
  },
  {
    name: "hostile policy",
    apply: (call, random) =>
      s3With(call, {
        method: "PUT",
        key: "",
        query: [["policy", ""]],
        body: Buffer.from(
          random.pick([
            `{"Version":"2012-10-17","Statement":[{"Effect":"\\u0044eny","Principal":"*","Action":"s3:*","Resource":"*"}]}`,
            `{"__proto__":{"${POLLUTION_MARK}":1},"Version":"2012-10-17","Statement":[]}`,
            `{"constructor":{"prototype":{"${POLLUTION_MARK}":1}}}`,
            `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"__proto__":"*"},"Action":"s3:*","Resource":"*"}}`,
            `{"Version":"2012-10-17","Statement":[${Array.from({ length: 400 }, () => '{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}').join(",")}]}`,
            "[]",
            "{",
            "",
          ]),
        ),
      }),
  },
  { name: "huge body", apply: (call, random) => s3With(call, { method: "PUT", key: "big.bin", body: Buffer.alloc(random.pick([1 << 20, 4 << 20]), 0x61) }) },
  { name: "unknown subresource", apply: (call, random) => s3With(call, { query: [...call.query, [random.pick(["acl", "cors", "lifecycle", "website", "tagging", "uploads", "versioning", "torrent", "metrics", "attributes", "restore", "fuzz"]), undefined]] }) },
  { name: "odd method", apply: (call, random) => s3With(call, { method: random.pick(["PATCH", "OPTIONS", "TRACE", "PROPFIND", "POST"]) }) },
];

function applyOne<C extends Call>(mutations: Mutation<C>[], call: C, random: Random): { call: C; name: string } {
  const mutation = random.pick(mutations);
  return { call: mutation.apply(call, random), name: mutation.name };
}

/** One to two mutations of a call's content, and their names. */
export function mutateCall(call: Call, random: Random): { call: Call; names: string[] } {
  const names: string[] = [];
  let current = call;
  const rounds = random.chance(0.8) ? 1 : 2;
  for (let round = 0; round < rounds; round++) {
    const next =
      current.protocol === "query"
        ? applyOne(QUERY_MUTATIONS, current, random)
        : current.protocol === "json"
          ? applyOne(JSON_MUTATIONS, current, random)
          : applyOne(S3_MUTATIONS, current, random);
    current = next.call;
    names.push(next.name);
  }
  return { call: current, names };
}
