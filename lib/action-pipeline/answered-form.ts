import { unstable_rethrow } from "next/navigation";
import { NOT_ANSWERED } from "./result";

/**
 * `answered` for a form driven by React's useActionState (sign-in, sign-up, classes, roles): a
 * refused or dropped request becomes the form's error instead of the error screen. Next's own
 * signals (a redirect after signing in) pass through. `kept` gives back what the form shows again
 * (React empties a form once its action ends): the email typed, not the password.
 */
export function answeredForm<State extends { error?: string }>(action: (previous: State, form: FormData) => Promise<State>, kept: (form: FormData) => Partial<State> = () => ({})) {
  return async (previous: State, form: FormData): Promise<State> => {
    try {
      return await action(previous, form);
    } catch (error) {
      unstable_rethrow(error);
      return { ...previous, ...kept(form), error: `RequestNotAnswered: ${NOT_ANSWERED}` };
    }
  };
}
