/** How a service's errors look on the wire (a leaf: errors.ts and error-response.ts both need it). */
export type ErrorStyle =
  | { family: "ec2" }
  | { family: "query"; xmlns: string }
  | { family: "s3" }
  | { family: "json" };
