/**
 * The .csv the IAM console offers on "Retrieve access keys": a header row and the key's id and secret,
 * named after the user (`<user>_accessKeys.csv`). It is made in the browser from the one answer that
 * carries the secret (CreateAccessKey's); nothing can make it again later.
 */
export function accessKeyCsv(key: { accessKeyId: string; secretAccessKey: string }): string {
  return `Access key ID,Secret access key\r\n${key.accessKeyId},${key.secretAccessKey}\r\n`;
}

export function accessKeyCsvName(userName: string): string {
  return `${userName}_accessKeys.csv`;
}
