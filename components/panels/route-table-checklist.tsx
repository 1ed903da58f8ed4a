"use client";

import type { RouteTable } from "@aws-sdk/client-ec2";
import { labelOf } from "@/lib/labs/resources";

/** Checkboxes for choosing route tables (of one VPC), e.g. those a gateway endpoint adds its route to. */
export function RouteTableChecklist({
  legend,
  legendHidden = false,
  tables,
  chosen,
  onChange,
}: {
  legend: string;
  legendHidden?: boolean;
  tables: RouteTable[];
  chosen: ReadonlySet<string>;
  onChange: (chosen: Set<string>) => void;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className={legendHidden ? "sr-only" : "text-sm text-slate-700"}>{legend}</legend>
      {tables.map((table) => (
        <label key={table.RouteTableId} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={chosen.has(table.RouteTableId!)}
            onChange={(event) => {
              const next = new Set(chosen);
              if (event.target.checked) next.add(table.RouteTableId!);
              else next.delete(table.RouteTableId!);
              onChange(next);
            }}
          />
          {labelOf(table.RouteTableId!, table.Tags)}
        </label>
      ))}
    </fieldset>
  );
}
