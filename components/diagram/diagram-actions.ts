"use client";

import { createContext, useContext } from "react";

/** What nodes can ask of the diagram without putting callbacks into (pure) node data. */
export interface DiagramActions {
  toggleVpc(vpcId: string): void;
}

export const DiagramActionsContext = createContext<DiagramActions>({ toggleVpc: () => {} });

export function useDiagramActions(): DiagramActions {
  return useContext(DiagramActionsContext);
}
