/** The fixed world every account sees: regions, availability zones, public images, instance types. */

export interface AvailabilityZoneInfo {
  zoneName: string;
  zoneId: string;
}

export { REGIONS } from "@/lib/sandbox/core/regions";

/** AWS's short zone-id prefixes (use1-az1, euw1-az2...). */
const ZONE_ID_PREFIX: Record<string, string> = {
  "us-east-1": "use1", "us-east-2": "use2", "us-west-1": "usw1", "us-west-2": "usw2", "ca-central-1": "cac1",
  "sa-east-1": "sae1", "eu-west-1": "euw1", "eu-west-2": "euw2", "eu-west-3": "euw3", "eu-central-1": "euc1",
  "eu-north-1": "eun1", "ap-south-1": "aps1", "ap-northeast-1": "apne1", "ap-northeast-2": "apne2",
  "ap-northeast-3": "apne3", "ap-southeast-1": "apse1", "ap-southeast-2": "apse2",
};

/** us-east-1 has six zones; the sandbox gives other regions three. */
export function availabilityZones(region: string): AvailabilityZoneInfo[] {
  const letters = region === "us-east-1" ? ["a", "b", "c", "d", "e", "f"] : ["a", "b", "c"];
  const prefix = ZONE_ID_PREFIX[region] ?? region.replace(/-/g, "");
  return letters.map((letter, i) => ({ zoneName: `${region}${letter}`, zoneId: `${prefix}-az${i + 1}` }));
}

export interface ImageInfo {
  imageId: string;
  name: string;
  description: string;
  architecture: "x86_64" | "arm64";
  creationDate: string;
  /** The public SSM parameter that resolves to this image. */
  ssmParameterName: string;
}

export const AMAZON_OWNER_ID = "137112412989";

/** Amazon Linux images the labs launch; the same ids in every region of the sandbox. */
export const AMAZON_IMAGES: readonly ImageInfo[] = [
  {
    imageId: "ami-0453ec754f44f9a4a",
    name: "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64",
    description: "Amazon Linux 2023 AMI 2023.6.20241212.0 x86_64 HVM kernel-6.1",
    architecture: "x86_64",
    creationDate: "2024-12-13T20:06:32.000Z",
    ssmParameterName: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
  },
  {
    imageId: "ami-0c6b1d09930fac512",
    name: "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64",
    description: "Amazon Linux 2023 AMI 2023.6.20241212.0 arm64 HVM kernel-6.1",
    architecture: "arm64",
    creationDate: "2024-12-13T20:06:35.000Z",
    ssmParameterName: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
  },
  {
    imageId: "ami-0166fe664262f664c",
    name: "amzn2-ami-kernel-5.10-hvm-2.0.20241217.0-x86_64-gp2",
    description: "Amazon Linux 2 Kernel 5.10 AMI 2.0.20241217.0 x86_64 HVM gp2",
    architecture: "x86_64",
    creationDate: "2024-12-18T01:10:45.000Z",
    ssmParameterName: "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
  },
];

export function findImage(imageId: string): ImageInfo | undefined {
  return AMAZON_IMAGES.find((image) => image.imageId === imageId);
}

const SIZES = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"];

function family(name: string, architecture: "x86_64" | "arm64"): [string, "x86_64" | "arm64"][] {
  return SIZES.map((size) => [`${name}.${size}`, architecture]);
}

/** Instance types RunInstances accepts, with their CPU architecture. */
export const INSTANCE_TYPES: Readonly<Record<string, "x86_64" | "arm64">> = Object.fromEntries([
  ...family("t2", "x86_64"),
  ...family("t3", "x86_64"),
  ...family("t3a", "x86_64"),
  ...family("t4g", "arm64"),
  ["m5.large", "x86_64"],
  ["m5.xlarge", "x86_64"],
  ["c5.large", "x86_64"],
  ["m6g.large", "arm64"],
]);

/** What DescribeInstanceTypes tells of a type (AWS's published figures for the types the sandbox offers). */
export interface InstanceTypeSpec {
  vCpus: number;
  threadsPerCore: number;
  memoryMiB: number;
  hypervisor: "xen" | "nitro";
  networkPerformance: string;
  maxNetworkInterfaces: number;
  ipv4PerInterface: number;
  burstable: boolean;
  freeTierEligible: boolean;
  clockGhz: number;
}

const BURSTABLE_SIZES: Record<string, { vCpus: number; memoryMiB: number; interfaces: number; ipv4: number }> = {
  nano: { vCpus: 2, memoryMiB: 512, interfaces: 2, ipv4: 2 },
  micro: { vCpus: 2, memoryMiB: 1024, interfaces: 2, ipv4: 2 },
  small: { vCpus: 2, memoryMiB: 2048, interfaces: 3, ipv4: 4 },
  medium: { vCpus: 2, memoryMiB: 4096, interfaces: 3, ipv4: 6 },
  large: { vCpus: 2, memoryMiB: 8192, interfaces: 3, ipv4: 12 },
  xlarge: { vCpus: 4, memoryMiB: 16384, interfaces: 4, ipv4: 15 },
  "2xlarge": { vCpus: 8, memoryMiB: 32768, interfaces: 4, ipv4: 15 },
};

/** t2 has one thread per core, fewer vCPUs below medium and three interfaces from small up. */
const T2_VCPUS: Record<string, number> = { nano: 1, micro: 1, small: 1, medium: 2, large: 2, xlarge: 4, "2xlarge": 8 };

function burstableSpec(family: string, size: string): InstanceTypeSpec {
  const base = BURSTABLE_SIZES[size];
  const t2 = family === "t2";
  return {
    vCpus: t2 ? T2_VCPUS[size] : base.vCpus,
    threadsPerCore: t2 || family === "t4g" ? 1 : 2,
    memoryMiB: base.memoryMiB,
    hypervisor: t2 ? "xen" : "nitro",
    networkPerformance: t2 ? (size === "xlarge" || size === "2xlarge" ? "Moderate" : "Low to Moderate") : "Up to 5 Gigabit",
    maxNetworkInterfaces: t2 ? (size === "nano" || size === "micro" ? 2 : 3) : base.interfaces,
    ipv4PerInterface: base.ipv4,
    burstable: true,
    freeTierEligible: size === "micro" && (family === "t2" || family === "t3"),
    clockGhz: family === "t4g" ? 2.5 : family === "t3a" ? 2.2 : t2 ? 2.3 : 2.5,
  };
}

const FIXED_SPECS: Record<string, InstanceTypeSpec> = {
  "m5.large": { vCpus: 2, threadsPerCore: 2, memoryMiB: 8192, hypervisor: "nitro", networkPerformance: "Up to 10 Gigabit", maxNetworkInterfaces: 3, ipv4PerInterface: 10, burstable: false, freeTierEligible: false, clockGhz: 3.1 },
  "m5.xlarge": { vCpus: 4, threadsPerCore: 2, memoryMiB: 16384, hypervisor: "nitro", networkPerformance: "Up to 10 Gigabit", maxNetworkInterfaces: 4, ipv4PerInterface: 15, burstable: false, freeTierEligible: false, clockGhz: 3.1 },
  "c5.large": { vCpus: 2, threadsPerCore: 2, memoryMiB: 4096, hypervisor: "nitro", networkPerformance: "Up to 10 Gigabit", maxNetworkInterfaces: 3, ipv4PerInterface: 10, burstable: false, freeTierEligible: false, clockGhz: 3.4 },
  "m6g.large": { vCpus: 2, threadsPerCore: 1, memoryMiB: 8192, hypervisor: "nitro", networkPerformance: "Up to 10 Gigabit", maxNetworkInterfaces: 3, ipv4PerInterface: 10, burstable: false, freeTierEligible: false, clockGhz: 2.5 },
};

export function instanceTypeSpec(instanceType: string): InstanceTypeSpec {
  if (Object.hasOwn(FIXED_SPECS, instanceType)) return FIXED_SPECS[instanceType];
  const [family, size] = instanceType.split(".");
  return burstableSpec(family, size);
}

/** A burstable instance's default credit option: standard for t2, unlimited for t3, t3a and t4g; non-burstable types report standard. */
export function defaultCpuCredits(instanceType: string): "standard" | "unlimited" {
  return instanceTypeSpec(instanceType).burstable && !instanceType.startsWith("t2.") ? "unlimited" : "standard";
}
