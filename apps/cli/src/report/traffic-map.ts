/**
 * The SVG traffic map: the root domain as a panel holding one row per layer; every nested domain
 * with layers as a panel right below the layer that holds it, joined to its slot by a connector
 * (routed through the left gutter so that connectors never cross each other or a panel).
 * @module
 */
import { formatRanges } from "@strata/config";
import type { DomainNode, TrafficModel } from "../model/traffic-model.ts";
import { formatShare } from "../numbers.ts";
import { reportColors, type ReportColors } from "./colors.ts";
import { escapeHtml } from "./escape.ts";
import { renderLayerRow } from "./map-row.ts";
import { ROOT_COLOR } from "./palette.ts";
import { fitText } from "./text-width.ts";

/** Layout constants of the map, in px. */
const MAP = Object.freeze({ width: 1180, margin: 12, header: 30, padding: 12, gutter: 22, channel: 8, between: 12, overlap: 8 });

interface RenderedPanel {
  readonly svg: string;
  readonly height: number;
}

/** The traffic map of `model` as an `<svg>` element. */
export function renderTrafficMap(model: TrafficModel, colors: ReportColors = reportColors(model)): string {
  const panel = renderDomain(model.root, MAP.margin, MAP.margin, MAP.width - 2 * MAP.margin, model, colors);
  const height = Math.ceil(panel.height + 2 * MAP.margin);
  const markers = [...new Set(colors.domains.values())].map(
    (color) =>
      `<marker id="arrow-${color.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`,
  );
  return [
    `<svg class="traffic-map" viewBox="0 0 ${MAP.width} ${height}" width="${MAP.width}" height="${height}" role="img" aria-label="Traffic map: domains, layers and the bucket slots of every experiment">`,
    "<defs>",
    '<pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#e2e8f0"/><line x1="0" y1="0" x2="0" y2="8" stroke="#64748b" stroke-width="3"/></pattern>',
    '<pattern id="free" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#f8fafc"/><circle cx="3" cy="3" r="0.9" fill="#cbd5e1"/></pattern>',
    '<pattern id="inactive" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-opacity="0.65" stroke-width="4"/></pattern>',
    ...markers,
    "</defs>",
    '<g font-family="system-ui, -apple-system, \'Segoe UI\', \'DejaVu Sans\', Roboto, Helvetica, Arial, sans-serif">',
    panel.svg,
    "</g>",
    "</svg>",
  ].join("\n");
}

function renderDomain(domain: DomainNode, x: number, y: number, width: number, model: TrafficModel, colors: ReportColors): RenderedPanel {
  const color = colors.domains.get(domain.id) ?? ROOT_COLOR;
  const body: string[] = [];
  // Connectors go first, under the rows: where one passes a label, the label (on a white card when it is a callout) stays on top.
  const connectors: string[] = [];
  const inner = x + MAP.padding;
  const innerWidth = width - 2 * MAP.padding;
  let cursor = y + MAP.header + 10;
  for (const layer of domain.layers) {
    const row = renderLayerRow(layer, inner, cursor, innerWidth, colors, model.units[0] ?? "");
    body.push(row.svg);
    cursor += row.height;
    if (row.anchors.length === 0) continue;
    // Connectors start in the gap below the row. The leftmost slot takes the highest track and the outermost gutter line, and the
    // panels are stacked right to left, which keeps every connector clear of the others.
    const anchors = [...row.anchors].sort((a, b) => a.x - b.x);
    const tracks = anchors.map((_, index) => cursor - MAP.overlap + index * MAP.channel);
    const gutterStep = anchors.length > 1 ? (MAP.gutter - 8) / (anchors.length - 1) : 0;
    const gutters = anchors.map((_, index) => inner + 3 + index * gutterStep);
    cursor = Math.max(cursor, (tracks[tracks.length - 1] as number) + MAP.channel);
    const childX = inner + MAP.gutter;
    const childWidth = innerWidth - MAP.gutter;
    const entries = new Map<number, number>();
    for (let index = anchors.length - 1; index >= 0; index--) {
      const anchor = anchors[index] as (typeof anchors)[number];
      const child = renderDomain(anchor.domain, childX, cursor, childWidth, model, colors);
      body.push(child.svg);
      entries.set(index, cursor + MAP.header / 2);
      cursor += child.height + MAP.between;
    }
    anchors.forEach((anchor, index) => {
      const stroke = colors.domains.get(anchor.domain.id) as string;
      const path = `M${anchor.x},${anchor.y} V${tracks[index]} H${gutters[index]} V${entries.get(index)} H${childX - 1}`;
      connectors.push(
        `<path class="connector" data-connects="${escapeHtml(anchor.domain.id)}" d="${path}" fill="none" stroke="${stroke}" stroke-width="1.6" marker-end="url(#arrow-${stroke.slice(1)})"/>`,
      );
    });
  }
  if (domain.layers.length === 0) {
    body.push(`<text x="${inner}" y="${cursor + 14}" font-size="12" fill="#475569">holdout: no layers, every parameter keeps its default</text>`);
    cursor += 24;
  }
  const height = cursor - y;
  const title = domain.parent === undefined ? `All traffic · domain ${domain.id}` : `domain ${domain.id} · ${formatShare(domain.share)} of all traffic`;
  const subtitle =
    domain.parent === undefined
      ? `units: ${model.units.join(", ")} · ${model.layers.length} layers, ${model.experiments.length} experiments`
      : `buckets ${formatRanges(domain.parent.ranges)} of layer ${domain.parent.layer.id} (${formatShare(domain.parent.share)} of it)`;
  const header = [
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="6" fill="${domain.parent === undefined ? "#ffffff" : "#fcfcfd"}" stroke="${color}" stroke-width="1.5"/>`,
    `<path d="M${x},${y + MAP.header} V${y + 6} a6,6 0 0 1 6,-6 H${x + width - 6} a6,6 0 0 1 6,6 V${y + MAP.header} z" fill="${color}"/>`,
    `<text class="domain-title" x="${x + MAP.padding}" y="${y + 20}" font-size="13" font-weight="700" fill="#ffffff">${escapeHtml(title)}</text>`,
    `<text class="domain-subtitle" x="${x + width - MAP.padding}" y="${y + 20}" font-size="11" fill="#e2e8f0" text-anchor="end">${escapeHtml(fitText(subtitle, width / 2, 11))}</text>`,
  ];
  return { svg: [`<g class="domain" data-domain="${escapeHtml(domain.id)}">`, ...header, ...connectors, ...body, "</g>"].join("\n"), height };
}
