/** Stable orderings, so the same resources always come out in the same places. */

/** 10.2.0.0/16 -> a number that sorts addresses numerically (then by prefix length). */
export function cidrSortKey(cidr: string | undefined): number {
  const [address = "", length = "0"] = (cidr ?? "").split("/");
  const octets = address.split(".").map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet))) return Number.MAX_SAFE_INTEGER;
  return ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 * 256 * 64 + octets[3] * 64 + Number(length);
}

export function byKeys<T>(...keys: Array<(item: T) => string | number | undefined>): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const left = key(a) ?? "";
      const right = key(b) ?? "";
      if (left < right) return -1;
      if (left > right) return 1;
    }
    return 0;
  };
}
