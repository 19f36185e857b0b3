/**
 * One layer of the traffic map: its label, a bar as wide as its domain's traffic split into its
 * slots (experiments in their colour, nested domains, holdouts hatched, free buckets dashed), a
 * strip beneath each experiment showing its groups' shares, and callout labels below the bar for
 * slots too narrow to hold their name.
 * @module
 */
import { formatRanges, type BucketRange } from "@strata/config";
import type { ExperimentNode, LayerNode, SlotNode, DomainNode } from "../model/traffic-model.ts";
import { formatShare } from "../numbers.ts";
import type { ReportColors } from "./colors.ts";
import { describeCondition } from "./condition-text.ts";
import { escapeHtml } from "./escape.ts";
import { groupShade, shade, textOn } from "./palette.ts";
import { fitText, textWidth } from "./text-width.ts";

/** Layout constants of a layer row, in px. */
export const ROW = Object.freeze({ label: 210, bar: 38, stripGap: 2, strip: 16, lane: 16, gap: 14 });

/** A nested domain's slot, where its connector starts. */
export interface DomainAnchor {
  /** The nested domain. */
  readonly domain: DomainNode;
  /** The x of the middle of its largest range. */
  readonly x: number;
  /** The bottom of the bar. */
  readonly y: number;
}

/** A drawn row. */
export interface RenderedRow {
  /** The SVG markup. */
  readonly svg: string;
  /** Its height including the gap below it. */
  readonly height: number;
  /** The nested domains with layers, to draw below the row. */
  readonly anchors: readonly DomainAnchor[];
}

interface Callout {
  readonly anchor: number;
  readonly text: string;
  readonly color: string;
  readonly owner: number;
}

/** Draws `layer` at (x, y) in `width` px; `defaultUnit` is the config's first unit type. */
export function renderLayerRow(layer: LayerNode, x: number, y: number, width: number, colors: ReportColors, defaultUnit: string): RenderedRow {
  const barX = x + ROW.label;
  const barWidth = width - ROW.label;
  const position = (bucket: number): number => round(barX + (bucket / layer.buckets) * barWidth);
  const rangeBox = (range: BucketRange): { x: number; width: number } => ({ x: position(range[0]), width: round(Math.max(1.5, position(range[1]) - position(range[0]))) });
  const slotParts: string[][] = layer.slots.map(() => []);
  const callouts: Callout[] = [];
  const anchors: DomainAnchor[] = [];
  const out: string[] = [];
  let pending = 0;

  out.push(`<g class="layer${layer.launch ? " launch" : ""}" data-layer="${escapeHtml(layer.id)}">`);
  out.push(`<title>${escapeHtml(layerTitle(layer))}</title>`);
  out.push(...layerLabel(layer, x, y));
  out.push(
    `<rect class="bar" x="${barX}" y="${y}" width="${barWidth}" height="${ROW.bar}" fill="#ffffff" stroke="${layer.launch ? "#111827" : "#cbd5e1"}"` +
      `${layer.launch ? ' stroke-width="1.5" stroke-dasharray="6 3"' : ""}/>`,
  );

  if (layer.free.length > 0) {
    out.push(`<g class="free"><title>${escapeHtml(`free: buckets ${formatRanges(layer.free)}, ${formatShare(layer.freeShare)} of layer ${layer.id} — no experiment; these units get the defaults`)}</title>`);
    for (const range of layer.free) {
      const box = rangeBox(range);
      out.push(`<rect x="${box.x}" y="${y + 1}" width="${box.width}" height="${ROW.bar - 2}" fill="url(#free)"/>`);
    }
    const largest = widest(layer.free, rangeBox);
    const label = `free · ${formatShare(layer.freeShare)}`;
    if (textWidth(label, 11) <= largest.width - 10) out.push(text(largest.x + 6, y + ROW.bar / 2 + 4, label, 11, "#64748b", false, "free-label"));
    out.push("</g>");
  }

  layer.slots.forEach((slot, index) => {
    const parts = slotParts[index] as string[];
    const largest = widest(slot.ranges, rangeBox);
    if (slot.experiment !== undefined) drawExperiment(slot.experiment, slot, parts, callouts, index);
    else if (slot.domain !== undefined) drawDomain(slot.domain, slot, parts, callouts, index);
    if (slot.domain !== undefined && !slot.domain.holdout && largest.width > 0) anchors.push({ domain: slot.domain, x: largest.x + largest.width / 2, y: y + ROW.bar });
  });

  function drawExperiment(experiment: ExperimentNode, slot: SlotNode, parts: string[], calls: Callout[], index: number): void {
    const color = colors.experiments.get(experiment.id) as string;
    const ink = textOn(color);
    parts.push(`<title>${escapeHtml(experimentTitle(experiment, slot))}</title>`);
    for (const range of slot.ranges) {
      const box = rangeBox(range);
      parts.push(`<rect class="slot-fill" x="${box.x}" y="${y}" width="${box.width}" height="${ROW.bar}" fill="${color}" stroke="#ffffff" stroke-width="1"/>`);
      if (experiment.status !== "running") parts.push(`<rect x="${box.x}" y="${y}" width="${box.width}" height="${ROW.bar}" fill="url(#inactive)"/>`);
      parts.push(...groupStrip(experiment, color, box.x, box.width, y + ROW.bar + ROW.stripGap));
    }
    const share = formatShare(slot.share);
    const name = experiment.status === "running" ? experiment.id : `${experiment.id} (${experiment.status})`;
    if (slot.ranges.length === 0) {
      // Waiting for traffic (`"ranges": []`): named under the layer's label, since it has no place on the bar.
      const line = pending++;
      parts.push(text(x, y + ROW.bar + 12 + line * 12, fitText(`${name} · no buckets yet`, ROW.label - 14, 10), 10, shade(color, -0.35), true, "slot-label pending"));
      return;
    }
    const largest = widest(slot.ranges, rangeBox);
    const room = largest.width - 12;
    const primary = `${name} · ${share}`;
    if (textWidth(primary, 12, true) <= room) {
      parts.push(text(largest.x + 6, y + 15, primary, 12, ink, true, "slot-label"));
      const detail = fitText(experimentDetail(experiment, defaultUnit), room, 10);
      if (detail !== "") parts.push(text(largest.x + 6, y + 30, detail, 10, ink, false, "slot-detail"));
    } else {
      if (textWidth(share, 11, true) <= room) parts.push(text(largest.x + 5, y + ROW.bar / 2 + 4, share, 11, ink, true, "slot-share"));
      calls.push({ anchor: largest.x + largest.width / 2, text: textWidth(share, 11, true) <= room ? name : primary, color: shade(color, -0.35), owner: index });
    }
  }

  function drawDomain(domain: DomainNode, slot: SlotNode, parts: string[], calls: Callout[], index: number): void {
    const color = domain.holdout ? "#64748b" : (colors.domains.get(domain.id) as string);
    const fill = domain.holdout ? "url(#hatch)" : shade(color, 0.82);
    parts.push(`<title>${escapeHtml(domainSlotTitle(domain, slot))}</title>`);
    for (const range of slot.ranges) {
      const box = rangeBox(range);
      parts.push(`<rect class="slot-fill" x="${box.x}" y="${y}" width="${box.width}" height="${ROW.bar}" fill="${fill}" stroke="${color}" stroke-width="1.5"/>`);
    }
    const share = formatShare(slot.share);
    const label = domain.holdout ? `${/holdout/i.test(domain.id) ? domain.id : `holdout ${domain.id}`} · ${share}` : `→ ${domain.id} · ${share}`;
    const largest = widest(slot.ranges, rangeBox);
    const ink = domain.holdout ? "#1e293b" : shade(color, -0.3);
    const room = largest.width - 12;
    if (textWidth(label, 12, true) <= room) {
      parts.push(text(largest.x + 6, y + 15, label, 12, ink, true, "slot-label"));
      const detail = fitText(domain.holdout ? "defaults for every parameter" : `nested domain, ${domain.layers.length} ${domain.layers.length === 1 ? "layer" : "layers"} below`, room, 10);
      if (detail !== "") parts.push(text(largest.x + 6, y + 30, detail, 10, ink, false, "slot-detail"));
      return;
    }
    const short = domain.holdout ? share : `→ ${share}`;
    if (textWidth(short, 11, true) <= room) parts.push(text(largest.x + 5, y + ROW.bar / 2 + 4, short, 11, ink, true, "slot-share"));
    // A nested domain with layers is named by its own panel, which its connector leads to; a holdout needs a callout.
    if (domain.holdout || domain.layers.length === 0) calls.push({ anchor: largest.x + largest.width / 2, text: label, color: ink, owner: index });
  }

  // Callouts: stack labels that do not fit their slot in lanes below the strip, never overlapping.
  // Their lines are drawn before every slot, so that each label's white card keeps it readable where lines pass.
  const lanes: { left: number; right: number }[][] = [];
  const calloutLines: string[] = [];
  const laneTop = y + ROW.bar + ROW.stripGap + ROW.strip + 4;
  for (const callout of [...callouts].sort((a, b) => a.anchor - b.anchor)) {
    const width = textWidth(callout.text, 11, true);
    const left = Math.min(Math.max(barX, callout.anchor - width / 2), barX + barWidth - width);
    let lane = lanes.findIndex((taken) => taken.every((box) => left + width + 8 < box.left || left > box.right + 8));
    if (lane < 0) lane = lanes.push([]) - 1;
    (lanes[lane] as { left: number; right: number }[]).push({ left, right: left + width });
    const baseline = laneTop + lane * ROW.lane + 11;
    calloutLines.push(`<line class="callout-line" x1="${callout.anchor}" y1="${y + ROW.bar}" x2="${callout.anchor}" y2="${baseline - 10}" stroke="${callout.color}" stroke-width="1"/>`);
    // A white card under the label hides the lines of other callouts that pass behind it.
    (slotParts[callout.owner] as string[]).push(
      `<rect class="callout-card" x="${round(left - 2)}" y="${baseline - 11}" width="${round(width + 4)}" height="14" fill="#ffffff" fill-opacity="0.92"/>`,
      text(left, baseline, callout.text, 11, callout.color, true, "callout"),
    );
  }

  out.push(...calloutLines);
  layer.slots.forEach((slot, index) => {
    const attributes = slot.experiment !== undefined
      ? `class="slot experiment" data-experiment="${escapeHtml(slot.experiment.id)}"`
      : slot.domain?.holdout === true
        ? `class="slot holdout" data-holdout="${escapeHtml(slot.domain.id)}"`
        : `class="slot nested-domain" data-domain-slot="${escapeHtml(slot.domain?.id ?? "")}"`;
    out.push(`<g ${attributes}>`, ...(slotParts[index] as string[]), "</g>");
  });
  out.push("</g>");
  const lanesHeight = lanes.length > 0 ? 4 + lanes.length * ROW.lane : 0;
  const pendingHeight = pending > 0 ? pending * 12 - ROW.strip + 4 : 0;
  const height = ROW.bar + ROW.stripGap + ROW.strip + Math.max(lanesHeight, pendingHeight) + ROW.gap;
  return { svg: out.join("\n"), height, anchors };
}

function layerLabel(layer: LayerNode, x: number, y: number): string[] {
  const parts: string[] = [];
  let offset = 0;
  if (layer.launch) {
    parts.push(`<rect x="${x}" y="${y + 3}" width="58" height="16" rx="3" fill="#111827"/>`);
    parts.push(text(x + 6, y + 15, "LAUNCH", 10, "#ffffff", true, "launch-badge"));
    offset = 64;
  }
  parts.push(text(x + offset, y + 15, fitText(layer.id, ROW.label - 14 - offset, 13, true), 13, "#0f172a", true, "layer-name"));
  const sub = layer.launch ? `sets defaults for all of ${layer.domain.id}` : `owns ${layer.params.join(", ")}`;
  parts.push(text(x, y + 31, fitText(sub, ROW.label - 14, 10), 10, "#64748b", false, "layer-params"));
  return parts;
}

function groupStrip(experiment: ExperimentNode, color: string, x: number, width: number, y: number): string[] {
  const parts: string[] = [];
  let cursor = x;
  experiment.groups.forEach((group, index) => {
    const share = group.expectedShare;
    if (share === undefined || share <= 0) return;
    const w = round(width * share);
    const fill = groupShade(color, index, experiment.groups.length);
    parts.push(`<rect class="group" data-group="${escapeHtml(group.id)}" x="${cursor}" y="${y}" width="${w}" height="${ROW.strip}" fill="${fill}" stroke="#ffffff" stroke-width="0.5"/>`);
    const full = `${group.id} ${formatShare(share)}`;
    const label = textWidth(full, 10) <= w - 6 ? full : textWidth(group.id, 10) <= w - 6 ? group.id : "";
    if (label !== "") parts.push(text(cursor + 3, y + 12, label, 10, textOn(fill), false, "group-label"));
    cursor += w;
  });
  if (cursor < x + width - 0.5) {
    parts.push(`<rect class="group none" x="${cursor}" y="${y}" width="${x + width - cursor}" height="${ROW.strip}" fill="#e5e7eb"/>`);
    const w = x + width - cursor;
    if (textWidth("no group", 10) <= w - 6) parts.push(text(cursor + 3, y + 12, "no group", 10, "#475569", false, "group-label"));
  }
  return parts;
}

function widest(ranges: readonly BucketRange[], box: (range: BucketRange) => { x: number; width: number }): { x: number; width: number } {
  let best = { x: 0, width: 0 };
  for (const range of ranges) {
    const candidate = box(range);
    if (candidate.width > best.width) best = candidate;
  }
  return best;
}

/** The second line of an experiment's label: segmenter, diversion when not the default, conditions. */
function experimentDetail(experiment: ExperimentNode, defaultUnit: string): string {
  const parts = [experiment.segmenter];
  if (experiment.diversion !== defaultUnit) parts.push(`by ${experiment.diversion}`);
  if (experiment.conditions !== undefined) parts.push(`if ${describeCondition(experiment.conditions)}`);
  return parts.join(" · ");
}

function experimentTitle(experiment: ExperimentNode, slot: SlotNode): string {
  const groups = experiment.groups.map((group) => `${group.id}${group.expectedShare === undefined ? "" : ` ${formatShare(group.expectedShare)}`}`).join(", ");
  return [
    `experiment ${experiment.id} (${experiment.status})`,
    `layer ${slot.layer.id}, buckets ${formatRanges(slot.ranges)}: ${formatShare(slot.share)} of the layer, ${formatShare(experiment.share)} of all traffic`,
    `groups: ${groups}`,
    `segmenter ${experiment.segmenter}, diverted by ${experiment.diversion}`,
    ...(experiment.conditions === undefined ? [] : [`only if ${describeCondition(experiment.conditions)}`]),
    ...(experiment.description === undefined ? [] : [experiment.description]),
  ].join("\n");
}

function domainSlotTitle(domain: DomainNode, slot: SlotNode): string {
  const what = domain.holdout ? `holdout ${domain.id}: no layers, so these units get the default of every parameter` : `nested domain ${domain.id} with ${domain.layers.length} layers (drawn below)`;
  return `${what}\nlayer ${slot.layer.id}, buckets ${formatRanges(slot.ranges)}: ${formatShare(slot.share)} of the layer, ${formatShare(domain.share)} of all traffic`;
}

function layerTitle(layer: LayerNode): string {
  const kind = layer.launch ? "launch layer (its experiments set new defaults for all traffic of the domain)" : "layer";
  return `${kind} ${layer.id} in domain ${layer.domain.id}: ${layer.buckets} buckets; owns ${layer.params.join(", ")}`;
}

/** A `<text>` element. */
function text(x: number, y: number, content: string, size: number, fill: string, bold: boolean, className: string): string {
  return `<text class="${className}" x="${round(x)}" y="${round(y)}" font-size="${size}"${bold ? ' font-weight="600"' : ""} fill="${fill}">${escapeHtml(content)}</text>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
