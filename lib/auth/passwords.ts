import "server-only";
import bcrypt from "bcryptjs";

const BCRYPT_COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A hash to compare against when the account does not exist, so both failures take as long. */
const missingAccountHash = bcrypt.hashSync("no account has this password", BCRYPT_COST);

export async function verifyPasswordOrDecoy(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, missingAccountHash);
    return false;
  }
  return verifyPassword(password, hash);
}
