"use client";

import "@xyflow/react/dist/style.css";
import "./diagram.css";
import {
  Background,
  Controls,
  type EdgeChange,
  type FitViewOptions,
  getViewportForBounds,
  MiniMap,
  type NodeChange,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  type Viewport,
} from "@xyflow/react";
import { type CSSProperties, type KeyboardEvent, type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { flowBounds, labBoxIds } from "@/lib/topology/first-frame";
import type { TopologyInput } from "@/lib/topology/input";
import type { SerializedLayout } from "@/lib/topology/layout";
import { metricsFor } from "@/lib/topology/metrics";
import { labFraming } from "@/lib/topology/framing";
import { viewAspectCookie, viewAspectOf } from "@/lib/topology/view-shape";
import { endedPeeringConnections, toFlow } from "@/lib/topology/to-flow";
import type { Highlight, SelectedElement, TopologyEdge, TopologyNode } from "@/lib/topology/types";
import { DiagramActionsContext } from "./diagram-actions";
import { edgeTypes } from "./edges";
import { downloadBlob, exportFileName, fetchDiagramImage, type ImageFormat } from "./export-image";
import { firstFrameScript, type FitFrame, stopFirstFrame } from "./first-frame-script";
import { nodeTypes } from "./nodes";
import { type LaidOutFlow, useTopologyLayout, withServerLayout } from "./use-topology-layout";

export interface LabDiagramProps {
  snapshot: TopologyInput;
  /** Used in exported file names: vpc-lab-<labId>-<date>.png; on a lab's page, the other lab's VPCs are drawn collapsed. */
  labId?: string;
  /** Resources that just appeared or changed; they glow while listed here. */
  changedIds?: readonly string[];
  /** A tested path: green when it works, the blocking component red when it does not. */
  highlight?: Highlight;
  onSelect?(element: SelectedElement): void;
  /** Projector mode: larger type, stronger contrast, no minimap or background grid. */
  presenter?: boolean;
  className?: string;
  /** The first layout, computed on the server for this snapshot (see lib/topology/initial-layout.ts). */
  initialLayout?: SerializedLayout;
  /** The page's CSP nonce: with a first layout, the server's HTML fits the drawn boxes to the diagram with an inline script. */
  nonce?: string;
}

/**
 * Fitting never zooms in past 1:1, so a lone VPC does not fill the screen with giant type; the
 * padding keeps the picture clear of the toolbar (top) and the zoom buttons (bottom left).
 */
const FIT_PADDING = { top: 56, left: 56, right: 24, bottom: 24 };
const FIT_OPTIONS: FitViewOptions<TopologyNode> = {
  padding: { top: `${FIT_PADDING.top}px`, left: `${FIT_PADDING.left}px`, right: `${FIT_PADDING.right}px`, bottom: `${FIT_PADDING.bottom}px` },
  maxZoom: 1,
};
const MIN_ZOOM = 0.05;
const MAX_ZOOM = 2.5;
/** Below this zoom, type is under ~5px: boxes keep only their titles, which also keeps panning cheap. */
const DETAIL_ZOOM = 0.4;
/** FIT_OPTIONS as the first frame's script applies them. */
const FIRST_FRAME_FIT: FitFrame = { padding: FIT_PADDING, minZoom: MIN_ZOOM, maxZoom: FIT_OPTIONS.maxZoom ?? 1, detailZoom: DETAIL_ZOOM };
/**
 * On a projector, type stays readable: fitting stops zooming out at this level and the rest is a
 * pan (or Tab) away. Presenter mode has no toolbar over the picture, only the zoom buttons.
 */
const PRESENTER_FIT_OPTIONS: FitViewOptions<TopologyNode> = { padding: { top: "16px", left: "64px", right: "16px", bottom: "16px" }, minZoom: 0.3, maxZoom: 1.3 };

/**
 * With a layout from the server, React Flow starts with the boxes and edges in place, so the
 * server's HTML draws them (and the first frame's script frames them) before the page's scripts run.
 */
export function LabDiagram(props: LabDiagramProps) {
  const [first] = useState(() => withServerLayout(diagramFlow(props, new Set()), metricsFor(props.presenter ?? false), props.initialLayout));
  return (
    <ReactFlowProvider initialNodes={first?.nodes} initialEdges={first?.edges}>
      <Diagram {...props} first={first} />
    </ReactFlowProvider>
  );
}

function diagramFlow({ snapshot, labId, highlight, changedIds, presenter = false }: LabDiagramProps, expandedVpcIds: ReadonlySet<string>) {
  return toFlow(snapshot, { expandedVpcIds, ...labFraming(snapshot, labId), highlight, changedIds, presenter });
}

function Diagram(props: LabDiagramProps & { first?: LaidOutFlow }) {
  const { snapshot, labId, changedIds, highlight, onSelect, presenter = false, className = "", initialLayout, nonce, first } = props;
  const [expandedVpcIds, setExpandedVpcIds] = useState<ReadonlySet<string>>(() => new Set());
  const [selectedId, setSelectedId] = useState<string>();
  const metrics = useMemo(() => metricsFor(presenter), [presenter]);
  const flow = useMemo(
    () => diagramFlow({ snapshot, labId, highlight, changedIds, presenter }, expandedVpcIds),
    [snapshot, labId, expandedVpcIds, highlight, changedIds, presenter],
  );
  const container = useRef<HTMLDivElement>(null);
  const size = useElementSize(container);
  const viewAspect = useViewAspect(size, initialLayout !== undefined && !presenter);
  const laidOut = useTopologyLayout(flow, metrics, initialLayout, viewAspect);
  const [firstFrame] = useState(() => {
    const bounds = first && flowBounds(first.nodes);
    const lab = first && labBoxIds(first.nodes);
    return bounds && firstFrameScript(bounds, FIRST_FRAME_FIT, lab?.length ? flowBounds(first.nodes, new Set(lab)) : undefined);
  });
  const fitOptions = useFitOptions(presenter, laidOut?.nodes, size);
  const frame = useFrameBoxes(container, laidOut?.nodes, fitOptions);
  useRefitWhenScaleChanges(laidOut?.scale, frame);
  useEffect(() => stopFirstFrame(container.current), []);
  useRefitWhenExtentChanges(container, laidOut?.nodes, frame);
  const nodes = useMemo(() => laidOut?.nodes.map((node) => (node.id === selectedId ? { ...node, selected: true } : node)) ?? [], [laidOut, selectedId]);
  const edges = useMemo(() => laidOut?.edges.map((edge) => (edge.id === selectedId ? { ...edge, selected: true } : edge)) ?? [], [laidOut, selectedId]);

  const actions = useMemo(
    () => ({
      toggleVpc: (vpcId: string) =>
        setExpandedVpcIds((current) => {
          const next = new Set(current);
          if (!next.delete(vpcId)) next.add(vpcId);
          return next;
        }),
    }),
    [],
  );

  const select = useCallback(
    (element: SelectedElement | undefined) => {
      setSelectedId(element?.id);
      if (element) onSelect?.(element);
    },
    [onSelect],
  );
  const onNodesChange = useCallback(
    (changes: NodeChange<TopologyNode>[]) => {
      const chosen = changes.find((change) => change.type === "select" && change.selected);
      if (chosen?.type !== "select") return;
      const node = nodes.find((candidate) => candidate.id === chosen.id);
      if (node?.type) select({ type: node.type, id: node.id });
    },
    [nodes, select],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<TopologyEdge>[]) => {
      const chosen = changes.find((change) => change.type === "select" && change.selected);
      if (chosen?.type === "select" && edges.some((edge) => edge.id === chosen.id && edge.type === "peering")) select({ type: "peering", id: chosen.id });
    },
    [edges, select],
  );

  const viewport = useReactFlow();
  /** + / - zoom and 0 fits, from anywhere in the diagram (Tab moves between boxes, Enter selects). */
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "+" || event.key === "=") void viewport.zoomIn();
    else if (event.key === "-") void viewport.zoomOut();
    else if (event.key === "0") frame();
  };

  const far = useStore((state) => state.transform[2] < DETAIL_ZOOM);
  const style = { "--vl-s": metrics.scale } as CSSProperties;
  return (
    <DiagramActionsContext.Provider value={actions}>
      <div
        ref={container}
        className={`vl-diagram ${presenter ? "vl-presenter" : ""} ${far ? "vl-far" : ""} ${className}`}
        style={style}
        data-testid="lab-diagram"
        onKeyDown={onKeyDown}
      >
        {laidOut ? (
          <ReactFlow<TopologyNode, TopologyEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onPaneClick={() => setSelectedId(undefined)}
            nodesDraggable={false}
            nodesConnectable={false}
            edgesFocusable
            nodesFocusable
            fitView
            fitViewOptions={fitOptions}
            minZoom={MIN_ZOOM}
            maxZoom={MAX_ZOOM}
            proOptions={{ hideAttribution: true }}
            aria-label={`Network diagram of ${snapshot.region}`}
          >
            {/* Zoomed far out the grid is a dense haze that costs a repaint on every panning frame. */}
            {presenter || far ? null : <Background gap={24} color="#cbd5e1" />}
            <Controls showInteractive={false} fitViewOptions={fitOptions} position="bottom-left" aria-label="Zoom controls" />
            {presenter || isSmall(size) ? null : (
              <MiniMap pannable zoomable position="bottom-right" ariaLabel="Overview of the diagram" nodeColor={miniMapColor} style={MINIMAP_SIZE} />
            )}
            {/* Presenter mode shows the region in its own bar and leaves exporting to the console. */}
            {presenter ? null : (
              <Panel position="top-right">
                <DiagramToolbar labId={labId} highlight={highlight} onFit={() => frame()} />
              </Panel>
            )}
            {presenter ? null : (
              <Panel position="top-left" className="vl-region">
                <span className="vl-wide-only">Region </span>
                {snapshot.region}
                <EndedPeerings connections={snapshot.peeringConnections} />
              </Panel>
            )}
          </ReactFlow>
        ) : (
          <p className="vl-status" role="status">
            Drawing the network…
          </p>
        )}
        {/* Runs only as part of the server's HTML: React never runs a script it renders itself. */}
        {firstFrame ? <script nonce={nonce} dangerouslySetInnerHTML={{ __html: firstFrame }} /> : null}
      </div>
    </DiagramActionsContext.Provider>
  );
}

/** Peering connections that ended (deleted, rejected, failed, expired): history, collapsed, off the diagram. */
function EndedPeerings({ connections }: { connections: TopologyInput["peeringConnections"] }) {
  const ended = endedPeeringConnections(connections);
  if (!ended.length) return null;
  return (
    <details className="vl-history">
      <summary>Ended peering connections ({ended.length})</summary>
      <ul>
        {ended.map((connection) => (
          <li key={connection.VpcPeeringConnectionId}>
            <span className="font-mono">{connection.VpcPeeringConnectionId}</span> {connection.RequesterVpcInfo?.CidrBlock} ↔ {connection.AccepterVpcInfo?.CidrBlock}:{" "}
            {connection.Status?.Code}
            {connection.Status?.Message ? ` (${connection.Status.Message})` : ""}
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * On a projector, and wherever the whole picture would be drawn too small to read (a short diagram
 * over the open terminal), the picture is framed on the lab's own resources: the collapsed default
 * VPC (which no step uses) stays drawn, a pan away, instead of shrinking everything else to fit.
 */
function useFitOptions(presenter: boolean, nodes: readonly TopologyNode[] | undefined, size: Size | undefined): FitViewOptions<TopologyNode> {
  const framed = framedBoxIds(presenter, nodes ?? [], size).join(" ");
  return useMemo(() => {
    const options = presenter ? PRESENTER_FIT_OPTIONS : FIT_OPTIONS;
    return framed ? { ...options, nodes: framed.split(" ").map((id) => ({ id })) } : options;
  }, [presenter, framed]);
}

interface Size {
  width: number;
  height: number;
}

/** The boxes to frame (none: all of them). */
function framedBoxIds(presenter: boolean, nodes: readonly TopologyNode[], size: Size | undefined): string[] {
  const lab = labBoxIds(nodes);
  if (presenter || lab.length === 0) return lab;
  const all = size && flowBounds(nodes);
  if (!all || !size.width || !size.height) return [];
  const { zoom } = getViewportForBounds(all, size.width, size.height, MIN_ZOOM, FIRST_FRAME_FIT.maxZoom, FIT_OPTIONS.padding ?? 0.1);
  return zoom < DETAIL_ZOOM ? lab : [];
}

/**
 * The diagram's shape, which its rows are packed for (a tall window stacks the VPCs). Remembered
 * in a cookie when `remember` (the lab page's own diagram, not on a projector), so the server's
 * next first layout is packed for it and the page does not redraw once its scripts run.
 */
function useViewAspect(size: Size | undefined, remember: boolean): number | undefined {
  const aspect = size && viewAspectOf(size, { x: FIT_PADDING.left + FIT_PADDING.right, y: FIT_PADDING.top + FIT_PADDING.bottom });
  useEffect(() => {
    if (remember && aspect !== undefined) document.cookie = viewAspectCookie(aspect);
  }, [remember, aspect]);
  return aspect;
}

/** The element's size, kept current. */
function useElementSize(container: RefObject<HTMLElement | null>): Size | undefined {
  const [size, setSize] = useState<Size>();
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const measure = () => {
      const { clientWidth: width, clientHeight: height } = element;
      setSize((current) => (current?.width === width && current.height === height ? current : { width, height }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [container]);
  return size;
}

/** Long enough for React Flow to have taken in new nodes (or a new size) before framing them. */
const REFIT_DELAY_MS = 120;

/**
 * Frames the picture again when a VPC or bucket appears or goes (the extent changed) and when the
 * diagram's own size changes (a window resized, a projector plugged in). Changes inside a box
 * leave the student's pan and zoom alone.
 */
function useRefitWhenExtentChanges(container: RefObject<HTMLDivElement | null>, nodes: readonly TopologyNode[] | undefined, frame: FrameBoxes): void {
  // Where the top-level boxes are and how big: a box that appears, goes, moves or grows changes the extent.
  const topLevel = nodes
    ?.filter((node) => !node.parentId)
    .map((node) => `${node.id}@${Math.round(node.position.x)},${Math.round(node.position.y)},${node.width ?? ""}x${node.height ?? ""}`)
    .join(" ");
  const fitted = useRef(topLevel);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refit = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => frame(200), REFIT_DELAY_MS);
  }, [frame]);

  useEffect(() => {
    if (topLevel === undefined || fitted.current === topLevel) return;
    const first = fitted.current === undefined;
    fitted.current = topLevel;
    if (!first) refit();
  }, [topLevel, refit]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let size = `${element.clientWidth}x${element.clientHeight}`;
    const observer = new ResizeObserver(() => {
      const next = `${element.clientWidth}x${element.clientHeight}`;
      if (next === size) return;
      size = next;
      refit();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [container, refit]);

  useEffect(() => () => clearTimeout(timer.current), []);
}

/** Presenter mode changes every size, so the old viewport no longer frames the picture. */
function useRefitWhenScaleChanges(layoutScale: number | undefined, frame: FrameBoxes): void {
  const fittedScale = useRef(layoutScale);
  useEffect(() => {
    if (layoutScale === undefined || fittedScale.current === undefined) {
      fittedScale.current = layoutScale;
      return;
    }
    if (fittedScale.current === layoutScale) return;
    fittedScale.current = layoutScale;
    requestAnimationFrame(() => frame());
  }, [layoutScale, frame]);
}

/** Frames the picture now, animated over `duration` ms (none when omitted). */
type FrameBoxes = (duration?: number) => void;

/**
 * Frames the laid-out boxes in the diagram's size at this moment, as fitView would. React Flow's
 * fitView is queued until every node is measured and reads the size its store last saw, so after
 * a change or a resize it could frame later, on a stale size or on part of the picture (at
 * 1280x720 the second VPC stayed under the panels). The layout already knows every box.
 */
function useFrameBoxes(container: RefObject<HTMLDivElement | null>, nodes: readonly TopologyNode[] | undefined, fitOptions: FitViewOptions<TopologyNode>): FrameBoxes {
  const { setViewport } = useReactFlow<TopologyNode, TopologyEdge>();
  const latest = useRef({ nodes, fitOptions });
  useLayoutEffect(() => {
    latest.current = { nodes, fitOptions };
  });
  return useCallback(
    (duration?: number) => {
      const viewport = framingViewport(container, latest);
      if (viewport) void setViewport(viewport, { duration });
    },
    [container, setViewport],
  );
}

function framingViewport(
  container: RefObject<HTMLElement | null>,
  latest: RefObject<{ nodes: readonly TopologyNode[] | undefined; fitOptions: FitViewOptions<TopologyNode> }>,
): Viewport | undefined {
  const element = container.current;
  const { nodes, fitOptions: options } = latest.current;
  const only = options.nodes ? new Set(options.nodes.map((node) => node.id)) : undefined;
  const bounds = nodes && flowBounds(nodes, only);
  if (!element || !bounds || !element.clientWidth || !element.clientHeight) return undefined;
  return getViewportForBounds(bounds, element.clientWidth, element.clientHeight, options.minZoom ?? MIN_ZOOM, options.maxZoom ?? MAX_ZOOM, options.padding ?? 0.1);
}

/** Small enough to leave the picture visible when the diagram has only part of a projector's width. */
const MINIMAP_SIZE = { width: 150, height: 100 };
/**
 * A diagram shorter or narrower than this (over the open terminal on a laptop, in a window beside a
 * tutorial) has no room for the minimap: it would hide a third of the picture.
 */
const MINIMAP_MIN_SIZE = { width: 480, height: 400 };

function isSmall(size: Size | undefined): boolean {
  return size !== undefined && (size.height < MINIMAP_MIN_SIZE.height || size.width < MINIMAP_MIN_SIZE.width);
}

const MINIMAP_COLORS: Partial<Record<string, string>> = {
  vpc: "#dbeafe",
  subnet: "#e2e8f0",
  instance: "#334155",
  routeTable: "#0e7490",
  internetGateway: "#6d28d9",
  endpoint: "#6d28d9",
  bucket: "#2f6b1a",
  collapsedVpc: "#93c5fd",
};

function miniMapColor(node: TopologyNode): string {
  return MINIMAP_COLORS[node.type ?? ""] ?? "#94a3b8";
}

/** "Export PNG"; in a narrow diagram (diagram.css) only "PNG" is shown, beside the region. */
function ExportLabel({ format }: { format: string }) {
  return (
    <>
      <span className="vl-wide-only">Export </span>
      {format}
    </>
  );
}

/** Export (drawn by the server from the account, with the last test's path) and fit buttons; fit advertises the 0 shortcut. */
function DiagramToolbar({ labId, highlight, onFit }: { labId?: string; highlight?: Highlight; onFit(): void }) {
  const [busy, setBusy] = useState<ImageFormat>();
  const [failure, setFailure] = useState<string>();

  const exportAs = async (format: ImageFormat) => {
    if (!labId) return;
    setBusy(format);
    setFailure(undefined);
    try {
      downloadBlob(await fetchDiagramImage(labId, format, highlight), exportFileName(labId, format));
    } catch (error) {
      setFailure(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="vl-toolbar" role="group" aria-label="Diagram tools">
      <button type="button" className="vl-button" onClick={() => void exportAs("png")} disabled={busy !== undefined || !labId}>
        {busy === "png" ? "Exporting…" : <ExportLabel format="PNG" />}
      </button>
      <button type="button" className="vl-button" onClick={() => void exportAs("svg")} disabled={busy !== undefined || !labId}>
        {busy === "svg" ? "Exporting…" : <ExportLabel format="SVG" />}
      </button>
      <button type="button" className="vl-button" onClick={onFit} aria-keyshortcuts="0">
        Fit
      </button>
      {failure ? (
        <span role="alert" className="vl-warning">
          {failure}
        </span>
      ) : null}
    </div>
  );
}
