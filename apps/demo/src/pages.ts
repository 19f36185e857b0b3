/**
 * The demo's HTML: the shop page (parameters drive what the visitor sees) and the explanation.
 * Every value shown is escaped.
 * @module
 */
import type { RequestDecision, RequestExplanation } from "@strata/express";

/** HTML-escapes text. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.banner{background:#e6f4ea;padding:.5rem 1rem;border-radius:.4rem}.buy{border:0;border-radius:.4rem;color:#fff;cursor:pointer}
.medium{font-size:1rem;padding:.5rem 1.2rem}.large{font-size:1.4rem;padding:.8rem 2rem}code{background:#f4f4f4;padding:0 .2rem}.notice{background:#fff8e1;padding:.5rem 1rem;border-radius:.4rem}`;

/** The shop page for one visitor's decision. Reading the parameters reports exposures. */
export function renderShop(decision: RequestDecision, notice?: string): string {
  const headline = decision.get("headline");
  const color = decision.get("button_color");
  const size = decision.get("button_size");
  const checkout = decision.get("checkout");
  const banner = decision.get("free_shipping_banner") === true;
  const params = Object.entries(decision.params).map(([name, value]) => `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(JSON.stringify(value))}</td></tr>`);
  const assignments = decision.assignments.map(
    (a) => `<tr><td>${escapeHtml(a.layer)}${a.launch ? " (launch)" : ""}</td><td>${escapeHtml(a.experiment)}</td><td><b>${escapeHtml(a.group)}</b></td><td>${escapeHtml(a.unitType)}</td><td>${a.bucket}</td><td>${escapeHtml(a.source)}</td></tr>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strata shop</title><style>${STYLE}</style></head><body>
${notice === undefined ? "" : `<p class="notice">${escapeHtml(notice)}</p>`}
<h1>${escapeHtml(headline)}</h1>
${banner ? `<p class="banner">Free shipping on every order!</p>` : ""}
<p>Checkout: <b>${escapeHtml(checkout)}</b></p>
<form method="post" action="/buy"><button class="buy ${escapeHtml(size)}" style="background:${escapeHtml(color)}">Buy</button></form>
<h2>Your parameters</h2><table><tr><th>parameter</th><th>value</th></tr>${params.join("")}</table>
<h2>Your assignments</h2>${assignments.length === 0 ? "<p>None: you are in the holdout, or in no experiment.</p>" : `<table><tr><th>layer</th><th>experiment</th><th>group</th><th>diversion</th><th>bucket</th><th>source</th></tr>${assignments.join("")}</table>`}
<p><a href="/explain">Why these groups?</a> · <a href="/api/decision">JSON</a></p>
</body></html>`;
}

/** The explanation page: per layer, the buckets and why the visitor is in or out. */
export function renderExplanation(explanation: RequestExplanation): string {
  const rows = explanation.layers.map((layer) => {
    const buckets = layer.buckets.map((b) => (b.bucket === undefined ? `${b.unitType}: ${b.reason ?? ""}` : `${b.unitType} → bucket ${b.bucket}${b.slot === undefined ? "" : `, slot ${b.slot}`}`));
    const why = layer.experiments.map((e) => `${e.experiment}: <b>${escapeHtml(e.outcome)}</b>${e.group ? ` (${escapeHtml(e.group)})` : ""} — ${escapeHtml(e.reason)}`);
    if (layer.domainEntered) why.push(`entered domain <b>${escapeHtml(layer.domainEntered)}</b>${layer.holdout ? " (holdout: defaults below)" : ""}`);
    return `<tr><td>${escapeHtml(layer.domain)} / ${escapeHtml(layer.layer)}${layer.launch ? " (launch)" : ""}</td><td>${buckets.map(escapeHtml).join("<br>")}</td><td>${why.join("<br>")}</td></tr>`;
  });
  const notes = explanation.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strata: why</title><style>${STYLE}</style></head><body>
<h1>Why you see what you see</h1>
<p>Units: <code>${escapeHtml(JSON.stringify(explanation.units))}</code></p>
${notes ? `<ul>${notes}</ul>` : ""}
<table><tr><th>layer</th><th>buckets</th><th>outcome</th></tr>${rows.join("")}</table>
<p><a href="/">Back to the shop</a></p>
</body></html>`;
}
