import crypto from "node:crypto";

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * A fresh ed25519 public key in OpenSSH format, as the AWS console generates for each EC2
 * Instance Connect session (the private half never leaves the browser there; here no SSH follows,
 * so it is not kept at all).
 */
export function oneTimeSshPublicKey(comment = "vpc-lab-instance-connect"): string {
  const { publicKey } = crypto.generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const blob = Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(raw)]);
  return `ssh-ed25519 ${blob.toString("base64")} ${comment}`;
}
