/**
 * A page with only the LabDiagram, for the component test and the benchmark.
 * Query: ?fixture=lab1|lab2|labs|generated&nodes=500&presenter=1&highlight=ok|blocked&layout=server&panels=1
 * (layout=server: the first layout comes with the page, as the lab page's server sends it; the labs only;
 * panels=1: a panel column after the diagram, as on the lab page).
 */
import { createRoot } from "react-dom/client";
import { StrictMode, useState } from "react";
import { LabDiagram } from "@/components/diagram/lab-diagram";
import { LAB1 } from "@/lib/analysis/fixtures";
import { labFraming } from "@/lib/topology/framing";
import { type FixtureName, fixtureSnapshot } from "@/lib/topology/__fixtures__/labs";
import type { SerializedLayout } from "@/lib/topology/layout";
import { toFlow } from "@/lib/topology/to-flow";
import type { Highlight, SelectedElement } from "@/lib/topology/types";

/** The lab fixtures' server layouts, put in by e2e/components/harness.ts at build time. */
declare const SERVER_LAYOUTS: Partial<Record<FixtureName, SerializedLayout>>;

interface HarnessState {
  selected: SelectedElement[];
  expectedNodes: number;
  drawnAt?: number;
  mountedAt: number;
}

declare global {
  interface Window {
    harness: HarnessState;
  }
}

const params = new URLSearchParams(location.search);
const fixture = (params.get("fixture") ?? "lab1") as FixtureName;
const snapshot = fixtureSnapshot(fixture, Number(params.get("nodes") ?? 500));

const HIGHLIGHTS: Record<string, Highlight> = {
  ok: { ids: [LAB1.instance1, LAB1.sg1, LAB1.acl1, LAB1.rtb1, LAB1.pcx, LAB1.rtb2, LAB1.acl2, LAB1.sg2, LAB1.instance2], tone: "ok" },
  blocked: { ids: [LAB1.sg2], tone: "blocked" },
  changed: { ids: [LAB1.instance2, LAB1.rtb1], tone: "changed" },
};

const labId = fixture === "lab2" ? "vpc-endpoints" : "vpc-peering";
const initialLayout = params.get("layout") === "server" ? SERVER_LAYOUTS[fixture] : undefined;
/** As many boxes as the diagram draws: the other lab's VPCs come collapsed, as on the lab's page. */
const expectedNodes = toFlow(snapshot, { expandedVpcIds: new Set(), ...labFraming(snapshot, labId) }).nodes.length;
window.harness = { selected: [], expectedNodes, mountedAt: 0 };

/** Records when as many node boxes as the diagram should draw are on screen. */
function watchUntilDrawn(): void {
  const check = () => {
    const drawn = document.querySelectorAll(".react-flow__node:not([style*='visibility: hidden']) .vl-box").length;
    if (drawn >= window.harness.expectedNodes) window.harness.drawnAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

const panels = params.get("panels") === "1";
/** With panels, the lab page's panel column beside the diagram (diagram.browser.test.ts draws the same from server HTML). */
const MAIN_STYLE = panels ? { width: "100vw", height: "100vh", display: "grid", gridTemplateColumns: "minmax(0, 1fr) auto" } : { width: "100vw", height: "100vh" };

function Harness() {
  const [presenter] = useState(params.get("presenter") === "1");
  const highlight = HIGHLIGHTS[params.get("highlight") ?? ""];
  return (
    <main style={MAIN_STYLE}>
      <h1 style={{ position: "absolute", left: -10000 }}>Diagram harness</h1>
      <LabDiagram
        snapshot={snapshot}
        labId={labId}
        presenter={presenter}
        highlight={highlight?.tone === "changed" ? undefined : highlight}
        changedIds={highlight?.tone === "changed" ? highlight.ids : undefined}
        onSelect={(element) => window.harness.selected.push(element)}
        initialLayout={initialLayout}
      />
      {panels ? <aside style={{ width: 384 }}>Panels</aside> : null}
    </main>
  );
}

const root = document.getElementById("root");
if (root) {
  window.harness.mountedAt = performance.now();
  createRoot(root).render(
    <StrictMode>
      <Harness />
    </StrictMode>,
  );
  watchUntilDrawn();
}
