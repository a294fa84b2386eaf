/* The live page: loads the run's curves since step 0 (GET /train/history) when it opens, then
   polls the train service (GET /train/status, /q/metrics), the doctor (GET /train/diagnosis,
   optional) and the ingest service's GET /quality, and redraws. State for people and tests:
   window.streamtune (firstLoad: points per chart after the first refresh). */
"use strict";

const params = new URLSearchParams(location.search);
const EVERY_S = Math.max(1, Number(params.get("every")) || 2);
const INGEST = (params.get("ingest") || `${location.protocol}//${location.hostname}:8081`)
  .replace(/\/$/, "");
const MAX_POINTS = 2500; // the service keeps at most train.history.points (1,000) per series

const state = {
  polls: 0,
  loss: { train: [], eval: [] },
  accuracy: [],
  baseline: [],
  throughput: { samples: [], tokens: [] },
  reward: [],
  lastRewardSums: null,
  status: null,
  quality: null,
  findings: null,
  history: null,
  firstLoad: null,
  errors: {},
  started: Date.now(),
};
window.streamtune = state;

const $ = id => document.getElementById(id);
const num = v => (typeof v === "number" && isFinite(v) ? v : null);
const fmt = (v, digits) => (num(v) === null ? "–" : Number(v.toFixed(digits === undefined ? 3 : digits)).toString());
const pct = v => (num(v) === null ? "–" : (100 * v).toFixed(1) + "%");

function push(list, point) {
  const last = list[list.length - 1];
  if (last && last[0] === point[0] && last[1] === point[1]) return;
  list.push(point);
  if (list.length > MAX_POINTS) list.shift();
}

/* One point per step: a later reading at the same step replaces the earlier one. */
function pushStep(list, point) {
  const last = list[list.length - 1];
  if (last && last[0] === point[0]) list.pop();
  push(list, point);
}

/* Evaluations happen every N steps: a new point only when the evaluated value changes. */
function pushEval(list, point) {
  const last = list[list.length - 1];
  if (last && last[1] === point[1]) return;
  push(list, point);
}

async function getJson(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw Object.assign(new Error(`${url}: HTTP ${r.status}`), { status: r.status });
  return r.json();
}

/* Prometheus text format -> {name: [{labels, value}]} */
function parseMetrics(text) {
  const out = {};
  for (const line of text.split("\n")) {
    if (!line || line[0] === "#") continue;
    const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] || "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    (out[m[1]] = out[m[1]] || []).push({ labels, value: Number(m[3]) });
  }
  return out;
}

function metricValue(metrics, name, labels) {
  const found = (metrics[name] || []).find(s =>
    Object.entries(labels || {}).every(([k, v]) => s.labels[k] === v));
  return found ? found.value : null;
}

async function pollStatus() {
  const s = await getJson("/train/status");
  state.status = s;
  const step = num(s.step);
  if (step !== null) {
    if (num(s.trainLoss) !== null) push(state.loss.train, [step, s.trainLoss]);
    if (num(s.evalLoss) !== null) pushEval(state.loss.eval, [step, s.evalLoss]);
    if (num(s.accuracy) !== null) pushEval(state.accuracy, [step, s.accuracy]);
  }
  if (step === null || step === 0) return;
  if (num(s.majorityShare) !== null) pushEval(state.baseline, [step, s.majorityShare]);
  if (num(s.samplesPerSecond) !== null) pushStep(state.throughput.samples, [step, s.samplesPerSecond]);
  if (num(s.tokensPerSecond) !== null) pushStep(state.throughput.tokens, [step, s.tokensPerSecond / 100]);
}

/* The run so far, once, when the page opens: a page opened at step 5,000 draws from step 0.
   A service without GET /train/history (404) just starts from now. */
async function loadHistory() {
  let h;
  try {
    h = await getJson("/train/history");
  } catch (e) {
    if (e.status === 404) { state.history = { unavailable: true }; return; }
    throw e;
  }
  state.history = { steps: h.steps.length, evals: h.evals.length, stepStride: h.stepStride };
  for (const p of h.steps) {
    if (num(p.taskLoss) !== null) push(state.loss.train, [p.step, p.taskLoss]);
    if (num(p.samplesPerSecond) !== null) push(state.throughput.samples, [p.step, p.samplesPerSecond]);
    if (num(p.tokensPerSecond) !== null) push(state.throughput.tokens, [p.step, p.tokensPerSecond / 100]);
    if (num(p.reward) !== null) push(state.reward, [p.step, p.reward]);
  }
  for (const p of h.evals) {
    if (num(p.loss) !== null) push(state.loss.eval, [p.step, p.loss]);
    if (num(p.accuracy) !== null) push(state.accuracy, [p.step, p.accuracy]);
    if (num(p.baselineAccuracy) !== null) push(state.baseline, [p.step, p.baselineAccuracy]);
  }
}

/* Mean reward of the rewards used since the last refresh, from the train service's own metrics. */
async function pollRewardMetrics() {
  const r = await fetch("/q/metrics", { cache: "no-store" });
  if (!r.ok) throw new Error(`/q/metrics: HTTP ${r.status}`);
  const m = parseMetrics(await r.text());
  const sum = metricValue(m, "streamtune_train_reward_sum", { scorer: "total" });
  const count = metricValue(m, "streamtune_train_reward_count", { scorer: "total" });
  const step = num(state.status && state.status.step);
  if (sum !== null && count !== null && step !== null) {
    const last = state.lastRewardSums;
    if (last && count > last.count) pushStep(state.reward, [step, (sum - last.sum) / (count - last.count)]);
    else if (!last && count > 0 && state.reward.length === 0) push(state.reward, [step, sum / count]);
    state.lastRewardSums = { sum, count };
  }
}

/* Data-quality warnings: through the train service when it relays them, else from ingest
   directly (needs CORS on ingest for this page's origin). */
async function pollQuality() {
  try {
    state.quality = await getJson("/train/quality");
    state.qualitySource = "via the train service";
  } catch (e) {
    state.quality = await getJson(`${INGEST}/quality`);
    state.qualitySource = `from ${INGEST}`;
  }
}

async function pollDiagnosis() {
  try {
    state.findings = await getJson("/train/diagnosis");
  } catch (e) {
    if (e.status === 404) { state.findings = { unavailable: true }; return; }
    throw e;
  }
}

function card(label, value) {
  return `<div class="card"><div class="label">${label}</div><div class="value">${value}</div></div>`;
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function renderStatus() {
  const s = state.status;
  if (!s) return;
  $("model").textContent = `${s.model || ""} · ${s.device || "?"}`;
  const health = (s.rewards && s.rewards.health) || "";
  const chip = $("state");
  chip.textContent = `${s.state || "?"}${health ? " · rewards " + health : ""}`;
  chip.className = "chip " + (String(health).startsWith("degraded") ? "warn" : "ok");
  const r = s.rewards || {};
  const ckpt = s.lastCheckpoint ? `step ${s.lastCheckpoint.step}` : "none yet";
  $("cards").innerHTML = [
    card("step", fmt(s.step, 0)),
    card("samples seen", fmt(s.samplesSeen, 0)),
    card("train loss", fmt(s.trainLoss)),
    card("eval loss", fmt(s.evalLoss)),
    card("eval accuracy", pct(s.accuracy)),
    card("balanced accuracy", pct(s.balancedAccuracy)),
    card("majority share", pct(s.majorityShare)),
    card("baseline accuracy (bag of words)", pct(s.baseline && s.baseline.accuracy)),
    card("inputs truncated", pct(s.inputs && s.inputs.truncatedShare)),
    ...(s.baseline && num(s.baseline.lossPerByte) !== null
      ? [card("baseline loss/byte (char n-gram)", fmt(s.baseline.lossPerByte))]
      : []),
    card("samples/s", fmt(s.samplesPerSecond, 1)),
    card("tokens/s", fmt(s.tokensPerSecond, 0)),
    card("consumer lag", fmt(s.consumerLagRecords, 0)),
    card("learning rate", num(s.learningRate) === null ? "–" : s.learningRate.toExponential(2)),
    card("λ (reward weight)", fmt(s.lambda)),
    card("rewards used / stale", `${fmt(r.used, 0)} / ${fmt(r.stale, 0)}`),
    card("last checkpoint", escapeHtml(ckpt)),
  ].join("");
}

function renderCharts() {
  drawLineChart($("chart-loss"), [
    { name: "train", color: "#58a6ff", points: state.loss.train },
    { name: "eval", color: "#f0883e", points: state.loss.eval },
  ], { xLabel: "step" });
  drawLineChart($("chart-accuracy"), [
    { name: "eval accuracy", color: "#3fb950", points: state.accuracy },
    { name: "always-majority", color: "#8b949e", points: state.baseline },
  ], { yMin: 0, yMax: 1, xLabel: "step", empty: "waiting for the first evaluation…" });
  drawLineChart($("chart-throughput"), [
    { name: "samples/s", color: "#58a6ff", points: state.throughput.samples },
    { name: "tokens/s ÷ 100", color: "#bc8cff", points: state.throughput.tokens },
  ], { xLabel: "step" });
  drawLineChart($("chart-reward"), [
    { name: "mean reward", color: "#d29922", points: state.reward },
  ], { xLabel: "step", empty: "no rewards used yet (λ = 0 or reward service not running)" });
}

function renderQuality() {
  const list = $("quality-warnings");
  const q = state.quality;
  if (!q) {
    const err = state.errors.quality;
    if (err) {
      list.innerHTML = `<li class="muted">data quality unavailable: ${escapeHtml(err)}. ` +
        `Open this page with ?ingest=http://host:8081 and allow this origin in the ingest ` +
        `service's CORS settings, or let the train service relay GET /quality.</li>`;
    }
    return;
  }
  $("quality-source").textContent = state.qualitySource || "";
  $("quality-numbers").innerHTML = [
    `records: ${fmt(q.total, 0)}`,
    `duplicates: ${pct(q.duplicateRate)}`,
    `label conflicts: ${pct(q.conflictRate)}`,
    `accuracy ceiling: ${pct(q.accuracyCeiling)}`,
  ].map(s => `<span>${s}</span>`).join("");
  const warnings = Array.isArray(q.warnings) ? q.warnings : [];
  list.innerHTML = warnings.length
    ? warnings.map(w => `<li>${escapeHtml(w)}</li>`).join("")
    : `<li class="muted">no warnings: the data looks clean</li>`;
}

function findingList(d) {
  if (Array.isArray(d)) return d;
  for (const key of ["findings", "active", "diagnoses"]) if (Array.isArray(d[key])) return d[key];
  return [];
}

function renderFindings() {
  const list = $("doctor-findings");
  const d = state.findings;
  if (!d) {
    if (state.errors.diagnosis) list.innerHTML = `<li class="muted">${escapeHtml(state.errors.diagnosis)}</li>`;
    return;
  }
  if (d.unavailable) {
    list.innerHTML = `<li class="muted">no doctor in this build (GET /train/diagnosis answers 404)</li>`;
    return;
  }
  if (d.enabled === false) {
    list.innerHTML = `<li class="muted">the doctor is switched off for this run</li>`;
    return;
  }
  const findings = findingList(d);
  const items = findings.map(f => {
    const cause = typeof f.cause === "object" && f.cause ? (f.cause.name || JSON.stringify(f.cause)) : f.cause;
    const active = f.state ? f.state === "active" : f.active !== false && !f.cleared;
    const since = f.sinceStep !== undefined ? ` (since step ${f.sinceStep})` : "";
    const fix = f.fix ? ` — ${f.fix}` : "";
    return `<li class="${active ? "active" : "muted"}"><b>${escapeHtml(cause || "finding")}</b>` +
      `${escapeHtml(since)}${escapeHtml(fix)}${active ? "" : " [cleared]"}</li>`;
  });
  if (items.length === 0) items.push(`<li class="muted">no findings: nothing looks wrong</li>`);
  const actions = Array.isArray(d.actions) ? d.actions.slice(-3) : [];
  for (const a of actions) {
    items.push(`<li class="muted">action <b>${escapeHtml(a.action)}</b> for ${escapeHtml(a.cause)}` +
      ` at step ${escapeHtml(a.step)}${a.reason ? ": " + escapeHtml(a.reason) : ""}</li>`);
  }
  list.innerHTML = items.join("");
}

async function guarded(name, fn) {
  try {
    await fn();
    delete state.errors[name];
  } catch (e) {
    state.errors[name] = e.message || String(e);
  }
}

async function refresh() {
  if (state.polls === 0) await guarded("history", loadHistory);
  await Promise.all([
    guarded("status", pollStatus),
    guarded("rewards", pollRewardMetrics),
    guarded("quality", pollQuality),
    guarded("diagnosis", pollDiagnosis),
  ]);
  state.polls++;
  renderStatus();
  renderCharts();
  renderQuality();
  renderFindings();
  if (state.polls === 1) {
    const pts = id => Number($(id).dataset.points || 0);
    state.firstLoad = { trainLoss: state.loss.train.length, loss: pts("chart-loss"),
      accuracy: pts("chart-accuracy"), throughput: pts("chart-throughput"), reward: pts("chart-reward") };
  }
  const err = state.errors.status;
  $("updated").textContent = err ? `train service unreachable: ${err}` : `updated ${new Date().toLocaleTimeString()}`;
  if (err) $("state").className = "chip bad";
  setTimeout(refresh, EVERY_S * 1000);
}

$("interval").textContent = String(EVERY_S);
window.addEventListener("resize", renderCharts);
refresh();
