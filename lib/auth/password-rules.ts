/** Password rules the sign-up form shows and the server enforces (no hashing here: the form imports it). */
export const MIN_PASSWORD_LENGTH = 8;
/** Longer passwords are refused before any hashing, at sign-up and at sign-in alike. */
export const MAX_PASSWORD_LENGTH = 200;
