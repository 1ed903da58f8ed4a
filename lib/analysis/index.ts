export type { BucketSnapshot, IdentitySnapshot, LabSnapshot, SnapshotIndex } from "./snapshot";
export { emptySnapshot, indexSnapshot } from "./snapshot";
export type { ComponentType, Direction, Explanation, ExplanationCode, Hop, PacketDestination, PacketQuery, PacketSource, PacketVerdict, Protocol } from "./types";
export { analyzePacketPath } from "./packet-path";
export type { InstanceConnectRefusalReason, InstanceConnectVerdict } from "./instance-connect";
export { analyzeInstanceConnect, INSTANCE_CONNECT_RANGES, instanceConnectRange, NO_PUBLIC_IPV4_MESSAGE } from "./instance-connect";
export type { S3Outcome, S3Query, S3Route, S3Verdict } from "./s3-access";
export { analyzeS3Request, cliOperationFor, connectTimeoutUrl } from "./s3-access";
export type { DecidingStatement, PolicyDecision, PolicyType } from "./policy";
