"use client";

import { Component, type ComponentType, type ReactNode } from "react";
import { NOT_ANSWERED } from "@/lib/action-pipeline/result";
import { Button } from "./button";
import { FormAlert } from "./field";

/**
 * Around a form on React's useActionState (sign-in, sign-up, classes, roles): a request the server
 * refused before the action ran (a body over 1 MB) or never answered makes the action throw, which
 * took the page to its error screen. This boundary answers in the form's place and offers the form
 * again. (Wrapping the action on the client instead would cost the forms their no-JavaScript post.)
 */
export class RequestBoundary extends Component<{ children: ReactNode }, { refused: boolean }> {
  state = { refused: false };

  static getDerivedStateFromError(): { refused: boolean } {
    return { refused: true };
  }

  render() {
    if (!this.state.refused) return this.props.children;
    return (
      <div className="space-y-3">
        <FormAlert message={`RequestNotAnswered: ${NOT_ANSWERED}`} />
        <Button type="button" onClick={() => this.setState({ refused: false })}>
          Try again
        </Button>
      </div>
    );
  }
}

/** `Form` (a form on useActionState) inside a RequestBoundary: a refused request is answered in its place. */
export function withRequestBoundary<P extends object>(Form: ComponentType<P>): (props: P) => ReactNode {
  function Bounded(props: P) {
    return (
      <RequestBoundary>
        <Form {...props} />
      </RequestBoundary>
    );
  }
  Bounded.displayName = `withRequestBoundary(${Form.displayName ?? Form.name})`;
  return Bounded;
}
