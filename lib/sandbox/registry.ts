/**
 * The single source of truth of what the sandbox serves: every AWS service it answers for (by
 * SigV4 signing name), how that service's errors look, and the implementation of the ones it runs.
 */
import type { ErrorStyle } from "./core/error-style";
import type { JsonService, QueryService, RestService } from "./core/types";
import { ec2Service } from "./ec2/service";
import { instanceConnectService } from "./ec2-instance-connect/service";
import { iamService } from "./iam/service";
import { s3Service } from "./s3/service";
import { ssmService } from "./ssm/service";
import { stsService } from "./sts/service";

/** An implemented service, by wire protocol. */
export type ServiceImplementation =
  | { protocol: "query"; service: QueryService<unknown> }
  | { protocol: "json"; service: JsonService<unknown> }
  | { protocol: "rest"; service: RestService };

interface KnownService {
  style: ErrorStyle;
  /** Query services: the API version clients send, to recognise unsigned requests. */
  queryVersion?: string;
  /** JSON services: the X-Amz-Target prefix, to recognise unsigned requests. */
  targetPrefix?: string;
}

/** The services the labs use, with AWS's error envelope for each (used for auth errors even before a service is implemented). */
const KNOWN_SERVICES: Record<string, KnownService> = {
  ec2: { style: { family: "ec2" }, queryVersion: "2016-11-15" },
  iam: { style: { family: "query", xmlns: "https://iam.amazonaws.com/doc/2010-05-08/" }, queryVersion: "2010-05-08" },
  sts: { style: { family: "query", xmlns: "https://sts.amazonaws.com/doc/2011-06-15/" }, queryVersion: "2011-06-15" },
  s3: { style: { family: "s3" } },
  ssm: { style: { family: "json" }, targetPrefix: "AmazonSSM." },
  "ec2-instance-connect": { style: { family: "json" }, targetPrefix: "AWSEC2InstanceConnectService." },
};

/** AWS's generic fault envelope, for requests that name no service the sandbox knows. */
export const FALLBACK_ERROR_STYLE: ErrorStyle = { family: "query", xmlns: "http://webservices.amazon.com/AWSFault/2005-15-09" };

export interface SandboxRegistry {
  /** The error style of a signing name (the fallback for unknown names). */
  errorStyle(signingName: string): ErrorStyle;
  /** The implementation serving a signing name, if any. */
  implementation(signingName: string): ServiceImplementation | undefined;
  /** For unsigned requests: the signing name their Version parameter or X-Amz-Target points to. */
  recognise(hints: { queryVersion?: string; target?: string }): string | undefined;
}

function styleOf(implementation: ServiceImplementation): ErrorStyle {
  if (implementation.protocol === "json") return { family: "json" };
  if (implementation.protocol === "rest") return { family: "s3" };
  const service = implementation.service;
  return service.errorFormat === "ec2" ? { family: "ec2" } : { family: "query", xmlns: service.xmlns };
}

/** A registry over the given implementations (tests build their own; the app uses `sandboxRegistry`). */
export function createRegistry(
  queryServices: readonly QueryService<unknown>[],
  jsonServices: readonly JsonService<unknown>[] = [],
  restServices: readonly RestService[] = [],
): SandboxRegistry {
  const implementations = new Map<string, ServiceImplementation>([
    ...queryServices.map((service): [string, ServiceImplementation] => [service.name, { protocol: "query", service }]),
    ...jsonServices.map((service): [string, ServiceImplementation] => [service.name, { protocol: "json", service }]),
    ...restServices.map((service): [string, ServiceImplementation] => [service.name, { protocol: "rest", service }]),
  ]);
  const queryVersions = new Map<string, string>();
  const targetPrefixes: [string, string][] = [];
  for (const [name, known] of Object.entries(KNOWN_SERVICES)) {
    if (known.queryVersion) queryVersions.set(known.queryVersion, name);
    if (known.targetPrefix) targetPrefixes.push([known.targetPrefix, name]);
  }
  for (const service of queryServices) queryVersions.set(service.version, service.name);
  for (const service of jsonServices) targetPrefixes.push([`${service.targetPrefix}.`, service.name]);

  return {
    errorStyle(signingName) {
      const implementation = implementations.get(signingName);
      if (implementation) return styleOf(implementation);
      return KNOWN_SERVICES[signingName]?.style ?? FALLBACK_ERROR_STYLE;
    },
    implementation: (signingName) => implementations.get(signingName),
    recognise({ queryVersion, target }) {
      if (target !== undefined) return targetPrefixes.find(([prefix]) => target.startsWith(prefix))?.[1];
      return queryVersion === undefined ? undefined : queryVersions.get(queryVersion);
    },
  };
}

/** What the app's /aws endpoint serves. */
export const sandboxRegistry: SandboxRegistry = createRegistry(
  [ec2Service, iamService as QueryService<unknown>, stsService as QueryService<unknown>],
  [ssmService as JsonService<unknown>, instanceConnectService as JsonService<unknown>],
  [s3Service],
);
