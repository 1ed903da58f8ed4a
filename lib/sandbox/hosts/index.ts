export type { AccessKeyOwner, HostFiles, HostServices, InstanceApiCall, S3BucketEntry, S3DataPlane, S3ObjectEntry, ScriptResult, Timers, World } from "./types";
export { runScript } from "./run-script";
export { AL2023_BANNER, HostSession } from "./session";
export { worldOf } from "./world-from-snapshot";
