/** Password rules the sign-up form shows and the server enforces (no hashing here: the form imports it). */
export const MIN_PASSWORD_LENGTH = 8;
