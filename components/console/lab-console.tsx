"use client";

import { type KeyboardEvent, useCallback, useEffect, useMemo, useState } from "react";
import type { TeardownRecord } from "@/lib/db/schema";
import type { ConsoleView } from "@/lib/console/load-console";
import type { LabSummary } from "@/lib/labs/catalog";
import { LabDiagram } from "@/components/diagram/lab-diagram";
import { ActivityPanel } from "@/components/panels/activity-panel";
import { loadActivityPageAction } from "@/lib/actions/load-activity";
import { CreateBucketForm } from "@/components/panels/create-bucket-form";
import { CreateSecurityGroupForm } from "@/components/panels/create-security-group-form";
import { CreateVpcForm } from "@/components/panels/create-vpc-form";
import { Inspector } from "@/components/panels/inspector";
import { TestsPanel } from "@/components/panels/tests-panel";
import { highlightForVerdict } from "@/lib/topology/highlight";
import type { SerializedLayout } from "@/lib/topology/layout";
import type { Highlight } from "@/lib/topology/types";
import { StepRail } from "@/components/steps/step-rail";
import type { LabId } from "@/lib/labs/steps";
import { DEFAULT_TERMINAL_FONT_SIZE, InstanceTerminal } from "@/components/terminal/instance-terminal";
import { labelOf, resourceLabel } from "@/lib/labs/resources";
import { ResourceLabelContext } from "@/components/panels/controls";
import { CostEstimate, IdleTeardownNotice } from "./real-aws-banner";
import { ResourceList } from "./resource-list";
import { PresenterBar } from "./presenter-bar";
import { useLiveConsole } from "./use-live-console";

type Tab = "inspect" | "build" | "tests" | "activity";

const TABS: Array<[Tab, string]> = [
  ["inspect", "Inspect"],
  ["build", "Build"],
  ["tests", "Tests"],
  ["activity", "Activity"],
];

/** The WAI-ARIA tabs pattern: arrow keys, Home and End move between the panel tabs (one Tab stop). */
function moveTab(event: KeyboardEvent<HTMLDivElement>, current: Tab, setTab: (tab: Tab) => void) {
  const index = TABS.findIndex(([key]) => key === current);
  const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  const [key] = TABS[(next + TABS.length) % TABS.length];
  setTab(key);
  document.getElementById(`tab-${key}`)?.focus();
}

/** Marks the page as presenting, which hides the site header (app/globals.css). */
function usePresenterPage(presenter: boolean) {
  useEffect(() => {
    if (!presenter) return;
    document.body.dataset.presenter = "";
    return () => {
      delete document.body.dataset.presenter;
    };
  }, [presenter]);
}

export function LabConsole({
  lab,
  initial,
  initialLayout,
  nonce,
  mode,
  lastTeardown,
  idleMinutes,
}: {
  lab: LabSummary;
  initial: ConsoleView;
  initialLayout?: SerializedLayout;
  /** The page's CSP nonce, for the diagram's first-frame script. */
  nonce?: string;
  mode: "sandbox" | "real";
  lastTeardown?: TeardownRecord | null;
  idleMinutes?: number;
}) {
  const [labActionRunning, setLabActionRunning] = useState(false);
  const [presenter, setPresenter] = useState(false);
  const [tab, setTab] = useState<Tab>("build");
  const { data, changedIds, error, refreshing, refresh, accountChanges, changeReadAt, changeReadVersion, changeReadLab } = useLiveConsole(initial, mode, {
    held: labActionRunning,
    labId: lab.id,
    checkSteps: !presenter,
    activity: tab === "activity",
  });
  const [selectedId, setSelectedId] = useState<string | undefined>();
  // Where the panels are shown on demand (a projector; a window too narrow for them beside the diagram): open or not.
  const [panelsOpen, setPanelsOpen] = useState(false);
  const [highlight, setHighlight] = useState<Highlight | undefined>();
  // Every Connect is a new attempt, as in the AWS console: after a refusal and its fix, Connect tries again.
  const [terminal, setTerminal] = useState<{ instanceId: string; attempt: number }>();
  const terminalFor = terminal?.instanceId;
  const connectTo = useCallback(
    (instanceId: string) => {
      setTerminal((current) => ({ instanceId, attempt: (current?.attempt ?? 0) + 1 }));
      // In a narrow window the panels lie over the terminal's right side: Connect closes them (a projector keeps them, beside the diagram).
      if (!presenter) setPanelsOpen(false);
    },
    [presenter],
  );
  const terminalInstance = data.snapshot.instances.find((instance) => instance.InstanceId === terminalFor);
  const [terminalFontSize, setTerminalFontSize] = useState(DEFAULT_TERMINAL_FONT_SIZE);
  const owned = useMemo(() => (data.owned ? new Set(data.owned) : null), [data.owned]);

  const select = (id: string) => {
    setSelectedId(id);
    setTab("inspect");
    setPanelsOpen(true);
  };
  const exitPresenter = useCallback(() => setPresenter(false), []);
  usePresenterPage(presenter);
  const showPanels = !presenter || panelsOpen;

  // One place in the tree whatever the mode, so switching presenter mode keeps the terminal's session;
  // the grid puts it under the diagram, or (on a projector) across the whole width.
  const terminalDrawer = terminalFor ? (
    <div className={`${presenter ? "col-span-full" : "col-start-2"} row-start-2 min-h-0 border-t border-slate-300`}>
      <InstanceTerminal
        key={`${terminalFor}#${terminal?.attempt}`}
        instanceId={terminalFor}
        instanceLabel={labelOf(terminalFor, terminalInstance?.Tags)}
        onClose={() => setTerminal(undefined)}
        fontSize={terminalFontSize}
        labId={lab.id as LabId}
      />
    </div>
  ) : null;

  const resourceLabelOf = useCallback((id: string) => resourceLabel(data.snapshot, id), [data.snapshot]);
  return (
    // Every panel (the Tests tab's verdicts, the challenge's) names a resource as the diagram does.
    <ResourceLabelContext.Provider value={resourceLabelOf}>
      {/* Presenter mode covers the whole screen, the site header too: a projector needs every pixel. */}
      <div className={presenter ? "fixed inset-0 z-40 flex flex-col bg-white" : "flex h-[calc(100vh-3.5rem)] flex-col"}>
        {presenter ? (
          <PresenterBar
            labId={lab.id as LabId}
            labTitle={lab.title}
            region={data.snapshot.region}
            loadedAt={data.loadedAt}
            panelsOpen={panelsOpen}
            onTogglePanels={() => setPanelsOpen((open) => !open)}
            onExit={exitPresenter}
            onChanged={() => void refresh()}
            terminalFontSize={terminalFor ? terminalFontSize : undefined}
            onTerminalFontSize={setTerminalFontSize}
          />
        ) : (
        <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
          <h1 className="text-lg font-semibold text-slate-900">{lab.title}</h1>
          <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
            {mode === "sandbox" ? "Sandbox account" : "Real AWS"} {data.snapshot.accountId} · {data.snapshot.region}
          </span>
          {error ? (
            <span role="alert" className="text-sm text-red-800">
              {error}
            </span>
          ) : null}
          <div className="ml-auto flex items-center gap-2">
            <button
              type="button"
              onClick={() => void refresh()}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
              aria-busy={refreshing || undefined}
            >
              {refreshing ? "Refreshing…" : "Refresh"}
            </button>
            <button
              type="button"
              onClick={() => setPanelsOpen((open) => !open)}
              aria-expanded={panelsOpen}
              aria-controls="lab-panels"
              className={`${NARROW_ONLY} rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100`}
            >
              Panels
            </button>
            <button
              type="button"
              onClick={() => {
                setPanelsOpen(false);
                setPresenter(true);
              }}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
            >
              Presenter mode
            </button>
          </div>
        </div>
        )}
        {mode === "real" ? <CostEstimate snapshot={data.snapshot} owned={data.owned} idleMinutes={idleMinutes} /> : null}
        <IdleTeardownNotice record={lastTeardown} />
        <div className={`relative grid min-h-0 flex-1 ${presenter ? "grid-cols-[minmax(0,1fr)_auto]" : "grid-cols-[auto_minmax(0,1fr)_auto]"} ${gridRows(Boolean(terminalFor), presenter)}`}>
          {/* Presenter mode gives the diagram the room: the steps stay one click away. */}
          {presenter ? null : (
            <div className="row-span-full flex min-h-0">
              <StepRail labId={lab.id as LabId} onChanged={() => void refresh()} loadedAt={changeReadAt} loadedVersion={changeReadVersion} loadedLab={changeReadLab} accountChanges={accountChanges} onLabAction={setLabActionRunning} />
            </div>
          )}
          <div className={`${presenter ? "col-start-1" : "col-start-2"} row-start-1 min-h-0 min-w-0 bg-slate-100`}>
            <LabDiagram
              snapshot={data.snapshot}
              changedIds={changedIds}
              highlight={highlight}
              initialLayout={initialLayout}
              nonce={nonce}
              presenter={presenter}
              labId={lab.id}
              onSelect={(element) => select(element.id)}
            />
          </div>
          {/* On a projector the terminal takes the whole width, under the diagram and the panels. */}
          {terminalDrawer}
          {/* On a projector the panels open when something is selected (or with "Panels"), in larger type. */}
          {/* In a narrow window they lie over the diagram's right side, opened with "Panels" or by selecting something. */}
          <aside
            id="lab-panels"
            aria-label="Panels"
            className={`${showPanels ? "flex" : "hidden"} min-h-0 flex-col border-l bg-white ${presenter ? "col-start-2 row-start-1 w-80 border-slate-900 [zoom:1.2] min-[1400px]:w-96" : `col-start-3 row-span-full w-80 border-slate-200 min-[1400px]:w-96 ${NARROW_OVERLAY} ${panelsOpen ? "" : NARROW_HIDDEN}`}`}
          >
            <div role="tablist" aria-label="Panel" className="flex border-b border-slate-200" onKeyDown={(event) => moveTab(event, tab, setTab)}>
              {TABS.map(([key, label]) => (
                <button
                  key={key}
                  id={`tab-${key}`}
                  role="tab"
                  type="button"
                  aria-selected={tab === key}
                  aria-controls={`tabpanel-${key}`}
                  tabIndex={tab === key ? 0 : -1}
                  onClick={() => setTab(key)}
                  className={`flex-1 px-3 py-2 text-sm font-medium ${
                    tab === key ? "border-b-2 border-brand-600 text-brand-700" : "text-slate-600 hover:text-slate-900"
                  }`}
                >
                  {label}
                </button>
              ))}
            </div>
            {TABS.map(([key, label]) => (
              <div key={key} id={`tabpanel-${key}`} role="tabpanel" aria-label={label} hidden={tab !== key} tabIndex={0} className="min-h-0 flex-1 overflow-y-auto p-4">
                {key === "inspect" ? (
                  selectedId ? (
                    <Inspector
                      snapshot={data.snapshot}
                      selectedId={selectedId}
                      onSelect={select}
                      onConnect={connectTo}
                      loadedAt={data.loadedAt}
                      readOnly={Boolean(owned && !owned.has(selectedId))}
                      labId={lab.id as LabId}
                    />
                  ) : (
                    <p className="text-sm text-slate-700">Select something on the diagram, or in the Build tab&apos;s list.</p>
                  )
                ) : null}
                {key === "build" ? (
                  <div className="space-y-6">
                    <section aria-labelledby="create-vpc-heading" className="space-y-2">
                      <h2 id="create-vpc-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
                        Create a VPC
                      </h2>
                      <CreateVpcForm snapshot={data.snapshot} labId={lab.id as LabId} onCreated={select} />
                    </section>
                    <section aria-labelledby="create-bucket-heading" className="space-y-2">
                      <h2 id="create-bucket-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
                        Create an S3 bucket
                      </h2>
                      <CreateBucketForm accountId={data.snapshot.accountId} buckets={data.snapshot.buckets.map((bucket) => bucket.name)} onCreated={select} />
                    </section>
                    <section aria-labelledby="create-sg-heading" className="space-y-2">
                      <h2 id="create-sg-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
                        Create a security group
                      </h2>
                      <CreateSecurityGroupForm snapshot={data.snapshot} labId={lab.id as LabId} onCreated={select} />
                    </section>
                    <ResourceList snapshot={data.snapshot} selectedId={selectedId} onSelect={select} owned={owned} labId={lab.id as LabId} />
                  </div>
                ) : null}
                {key === "tests" ? (
                  <TestsPanel snapshot={data.snapshot} labId={lab.id as LabId} onVerdict={(verdict) => setHighlight(verdict ? highlightForVerdict(verdict) : undefined)} />
                ) : null}
                {key === "activity" ? <ActivityPanel page={data.activity} mode={mode} loadOlder={loadActivityPageAction} /> : null}
              </div>
            ))}
          </aside>
        </div>
      </div>
    </ResourceLabelContext.Provider>
  );
}

/**
 * Under 900 px (half of a laptop's screen, the tutorial in the other half) the steps and the panels
 * beside the diagram left it a strip a few boxes wide (224 px at 800, 108 px at 683): the panels
 * then lie over the diagram's right side when asked for, and the diagram takes their room.
 */
const NARROW_ONLY = "min-[900px]:hidden";
const NARROW_OVERLAY = "max-[899px]:absolute max-[899px]:inset-y-0 max-[899px]:right-0 max-[899px]:z-20 max-[899px]:shadow-xl";
const NARROW_HIDDEN = "max-[899px]:hidden";

/**
 * The diagram's row, and the terminal's under it when open: a third of a projector's height, nearly
 * half otherwise. The diagram keeps its least height (diagram.css: 320px) and the terminal takes
 * what is left: on a short screen (a 1366x768 laptop at 125%) a fixed share drew the diagram over
 * the terminal's header and its Close button.
 */
function gridRows(terminalOpen: boolean, presenter: boolean): string {
  if (!terminalOpen) return "grid-rows-[minmax(0,1fr)]";
  return presenter ? "grid-rows-[minmax(320px,65fr)_minmax(0,35fr)]" : "grid-rows-[minmax(320px,55fr)_minmax(0,45fr)]";
}
