"use client";

import type { Instance } from "@aws-sdk/client-ec2";
import { useState } from "react";
import type { LabSnapshot, PacketVerdict, S3Verdict } from "@/lib/analysis";
import { runPingTestAction } from "@/lib/actions/run-ping-test";
import { runS3TestAction } from "@/lib/actions/run-s3-test";
import { inLabOrder } from "@/lib/labs/lab-vpcs";
import { labelOf, nameTag } from "@/lib/labs/resources";
import { ActionOutcome } from "./action-result";
import { Select, SmallButton, TextInput } from "./controls";
import { Section } from "./details";
import { useAwsAction } from "./use-aws-action";
import { PinButton } from "@/components/writeup/pin-button";
import { pinTestResultAction } from "@/lib/actions/pin-moment";
import type { LabId } from "@/lib/labs/steps";
import { HopList, TerminalOutput, VerdictCard } from "./verdict-view";

type Hops = Pick<PacketVerdict, "reachable" | "hops" | "blockedAt">;

interface Props {
  snapshot: LabSnapshot;
  /** The lab whose write-up a pinned result joins. */
  labId?: LabId;
  /** Paints the tested path on the diagram (or clears it). */
  onVerdict: (verdict: Hops | undefined) => void;
}

function ShellBlock({
  command,
  shell,
  shellError,
  instanceConnectUrl,
}: {
  command: string;
  shell?: { stdout: string; stderr: string; exitCode: number };
  shellError?: { code: string; message: string };
  instanceConnectUrl?: string;
}) {
  if (shell) return <TerminalOutput command={command} {...shell} />;
  if (!shellError) return null;
  if (instanceConnectUrl) {
    return (
      <div className="space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <p>{shellError.message}</p>
        <p>
          <a href={instanceConnectUrl} target="_blank" rel="noreferrer" className="font-medium underline">
            Open EC2 Instance Connect in the AWS console
          </a>{" "}
          and run <code className="font-mono">{command}</code>.
        </p>
      </div>
    );
  }
  return (
    <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      The instance could not run <code className="font-mono">{command}</code> through SSM ({shellError.code}: {shellError.message}). The
      analysis below still explains what would happen.
    </p>
  );
}

/** "lab1-instance-2 10.2.0.4 (i-…)": the address a ping goes to before the id, which a narrow select cuts. */
function targetLabel(instance: Instance): string {
  const name = nameTag(instance.Tags);
  const id = instance.InstanceId ?? "";
  const address = instance.PrivateIpAddress ?? "";
  return name ? `${name} ${address} (${id})` : `${id} ${address}`;
}

function PingTest(props: Props) {
  const { snapshot, onVerdict } = props;
  // The lab's own instances first: on Lab 1's page the test started from Lab 2's instance.
  const instances = inLabOrder(snapshot.instances, snapshot, props.labId);
  const running = instances.filter((instance) => instance.State?.Name === "running");
  const others = instances.filter((instance) => instance.State?.Name !== "terminated");
  // The panel stays mounted while instances come and go: a choice that no longer exists falls back to the first one.
  const [chosenFrom, setFrom] = useState<string>();
  const [chosenTo, setTo] = useState<string>();
  const [address, setAddress] = useState("");
  const from = running.some((instance) => instance.InstanceId === chosenFrom) ? chosenFrom! : (running[0]?.InstanceId ?? "");
  const to =
    chosenTo === "address" || others.some((instance) => instance.InstanceId === chosenTo && chosenTo !== from)
      ? chosenTo!
      : (others.find((instance) => instance.InstanceId !== from)?.InstanceId ?? "address");
  const ping = useAwsAction(runPingTestAction, (data) => onVerdict(data.verdict));
  const result = ping.result?.ok ? ping.result.data : undefined;
  return (
    <div className="space-y-3">
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          onVerdict(undefined);
          ping.run({ fromInstanceId: from, target: to === "address" ? address : to, count: 4 });
        }}
      >
        {/* One above the other: at 1280 px half a panel showed "lab1-instanc", not which instance. */}
        <div className="space-y-2">
          <Select label="From instance" value={from} onChange={(e) => setFrom(e.target.value)}>
            {running.length === 0 ? <option value="">No running instance</option> : null}
            {running.map((instance) => (
              <option key={instance.InstanceId} value={instance.InstanceId}>
                {labelOf(instance.InstanceId!, instance.Tags)}
              </option>
            ))}
          </Select>
          <Select label="To" value={to} onChange={(e) => setTo(e.target.value)}>
            {others
              .filter((instance) => instance.InstanceId !== from)
              .map((instance) => (
                <option key={instance.InstanceId} value={instance.InstanceId}>
                  {targetLabel(instance)}
                </option>
              ))}
            <option value="address">Another address…</option>
          </Select>
          {to === "address" ? <TextInput label="Address" placeholder="8.8.8.8" value={address} onChange={(e) => setAddress(e.target.value)} /> : null}
        </div>
        <SmallButton type="submit" tone="primary" pending={ping.pending} disabled={!from}>
          {ping.pending ? "Pinging…" : "Run ping"}
        </SmallButton>
      </form>
      {ping.result && !ping.result.ok ? <ActionOutcome result={ping.result} /> : null}
      {result ? (
        <div className="space-y-3">
          <ShellBlock command={result.command} shell={result.shell} shellError={result.shellError} instanceConnectUrl={result.instanceConnectUrl} />
          <PinResult labId={props.labId} title={result.verdict.reachable ? "Ping test: reachable" : "Ping test: not reachable"} command={result.command} shell={result.shell} />
          <VerdictCard
            ok={result.verdict.reachable}
            title={result.verdict.reachable ? "Reachable: echo request and reply both get through" : "Not reachable"}
            code={result.verdict.explanation?.code}
            explanation={result.verdict.explanation?.message}
            fix={result.verdict.explanation?.fix}
          />
          <Section title="Hop by hop">
            <HopList hops={result.verdict.hops} />
          </Section>
        </div>
      ) : null}
    </div>
  );
}

function S3Test(props: Props) {
  const { snapshot, onVerdict } = props;
  const running = inLabOrder(snapshot.instances, snapshot, props.labId).filter((instance) => instance.State?.Name === "running");
  const [chosenFrom, setFrom] = useState<string>();
  const [request, setRequest] = useState<"list" | "get" | "put">("list");
  const [chosenBucket, setBucket] = useState<string>();
  const from = chosenFrom === "console" || running.some((instance) => instance.InstanceId === chosenFrom) ? chosenFrom! : (running[0]?.InstanceId ?? "console");
  const bucket = chosenBucket ?? snapshot.buckets[0]?.name ?? "";
  const [key, setKey] = useState("");
  const test = useAwsAction(runS3TestAction, (data) => onVerdict(s3Hops(data.verdict)));
  const result = test.result?.ok ? test.result.data : undefined;
  return (
    <div className="space-y-3">
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          onVerdict(undefined);
          test.run({ from, request, bucket, key });
        }}
      >
        <div className="space-y-2">
          <Select label="From" value={from} onChange={(e) => setFrom(e.target.value)}>
            {running.map((instance) => (
              <option key={instance.InstanceId} value={instance.InstanceId}>
                {labelOf(instance.InstanceId!, instance.Tags)}
              </option>
            ))}
            <option value="console">This console (outside AWS)</option>
          </Select>
          <Select label="Request" value={request} onChange={(e) => setRequest(e.target.value as typeof request)}>
            <option value="list">List objects (aws s3 ls)</option>
            <option value="get">Get an object (aws s3 cp s3://… .)</option>
            <option value="put">Put an object (aws s3 cp … s3://…)</option>
          </Select>
          <TextInput label="Bucket" list="vpc-lab-buckets" value={bucket} onChange={(e) => setBucket(e.target.value)} />
          <datalist id="vpc-lab-buckets">
            {snapshot.buckets.map((candidate) => (
              <option key={candidate.name} value={candidate.name} />
            ))}
          </datalist>
          <TextInput label={request === "list" ? "Prefix" : "Key"} value={key} onChange={(e) => setKey(e.target.value)} />
        </div>
        <SmallButton type="submit" tone="primary" pending={test.pending} disabled={!bucket}>
          {test.pending ? "Running…" : "Run S3 request"}
        </SmallButton>
      </form>
      {test.result && !test.result.ok ? <ActionOutcome result={test.result} /> : null}
      {result ? (
        <div className="space-y-3">
          <ShellBlock command={result.command} shell={result.shell} shellError={result.shellError} instanceConnectUrl={result.instanceConnectUrl} />
          <PinResult labId={props.labId} title={`S3 test: ${s3VerdictTitle(result.verdict)}`} command={result.command} shell={result.shell} />
          <VerdictCard
            ok={result.verdict.outcome === "unknown" ? undefined : result.verdict.allowed}
            title={s3VerdictTitle(result.verdict)}
            code={result.verdict.errorCode}
            explanation={result.verdict.explanation}
            fix={result.verdict.fix}
          />
          <Section title="Route and policies">
            <HopList hops={result.verdict.hops} />
          </Section>
        </div>
      ) : null}
    </div>
  );
}

/** A test's exact output, pinned as a write-up moment. */
function PinResult({ labId, title, command, shell }: { labId?: LabId; title: string; command: string; shell?: { stdout: string; stderr: string } }) {
  if (!labId || !shell) return null;
  return <PinButton pin={() => pinTestResultAction({ labId, title, command, output: `${shell.stdout}${shell.stderr}`.slice(-8_000) })} className="border-slate-300 hover:bg-slate-100" />;
}

function s3VerdictTitle(verdict: S3Verdict): string {
  if (verdict.allowed) return "Allowed";
  if (verdict.outcome === "timeout") return "No way out: the request times out";
  // The output beside it is the instance's own answer; the analysis just cannot read the policy.
  if (verdict.outcome === "unknown") return "Unknown to the analysis";
  return "Denied";
}

function s3Hops(verdict: S3Verdict): Hops {
  const blockedAt = verdict.allowed ? undefined : verdict.hops.find((hop) => hop.verdict === "deny");
  return { reachable: verdict.allowed, hops: verdict.hops, blockedAt };
}

export function TestsPanel(props: Props) {
  const [kind, setKind] = useState<"ping" | "s3">("ping");
  return (
    <div className="space-y-4">
      <div role="radiogroup" aria-label="Test" className="inline-flex rounded-md border border-slate-300 p-0.5">
        {(
          [
            ["ping", "Ping"],
            ["s3", "S3 request"],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={kind === value}
            onClick={() => setKind(value)}
            className={`rounded px-3 py-1 text-sm font-medium ${kind === value ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {label}
          </button>
        ))}
      </div>
      {kind === "ping" ? <PingTest {...props} /> : <S3Test {...props} />}
    </div>
  );
}
