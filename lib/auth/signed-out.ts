/** What an API route answers, with 401, a request whose session has ended or that has none. */
export const SIGNED_OUT = { error: "Sign in first." } as const;
