/**
 * The built-in prototypes every object of the process inherits from: a snapshot of their own
 * properties, what changed since, and putting them back (so a polluted run does not poison the
 * test process that reports it).
 */
const WATCHED: [string, object][] = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
  ["Number.prototype", Number.prototype],
  ["Boolean.prototype", Boolean.prototype],
];

export type PrototypeSnapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

function descriptorsOf(target: object): Map<PropertyKey, PropertyDescriptor> {
  return new Map(Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)!]));
}

export function takePrototypeSnapshot(): PrototypeSnapshot {
  return new Map(WATCHED.map(([, target]) => [target, descriptorsOf(target)]));
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

function describeValue(descriptor: PropertyDescriptor | undefined): string {
  if (!descriptor) return "(none)";
  if (descriptor.get || descriptor.set) return "(accessor)";
  const value = descriptor.value as unknown;
  return typeof value === "function" ? `function ${value.name}` : JSON.stringify(value)?.slice(0, 120) ?? String(value);
}

/** Every property added to, removed from or changed on a watched prototype since `before`. */
export function prototypeChanges(before: PrototypeSnapshot): string[] {
  const changes: string[] = [];
  for (const [name, target] of WATCHED) {
    const then = before.get(target)!;
    const now = descriptorsOf(target);
    for (const [key, descriptor] of now) {
      const earlier = then.get(key);
      if (!earlier) changes.push(`${name}.${String(key)} was added: ${describeValue(descriptor)}`);
      else if (!sameDescriptor(earlier, descriptor)) changes.push(`${name}.${String(key)} was changed to ${describeValue(descriptor)}`);
    }
    for (const key of then.keys()) if (!now.has(key)) changes.push(`${name}.${String(key)} was removed`);
  }
  if (Object.getPrototypeOf(Object.prototype) !== null) changes.push("Object.prototype got a prototype");
  return changes;
}

/** Puts the watched prototypes back as they were in `before`. */
export function restorePrototypes(before: PrototypeSnapshot): void {
  for (const [, target] of WATCHED) {
    const then = before.get(target)!;
    for (const key of Reflect.ownKeys(target)) if (!then.has(key)) Reflect.deleteProperty(target, key);
    for (const [key, descriptor] of then) {
      const current = Object.getOwnPropertyDescriptor(target, key);
      if (!current || !sameDescriptor(current, descriptor)) Object.defineProperty(target, key, descriptor);
    }
  }
  if (Object.getPrototypeOf(Object.prototype) !== null) Object.setPrototypeOf(Object.prototype, null);
}
