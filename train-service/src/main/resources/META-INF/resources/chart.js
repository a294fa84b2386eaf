/* A small line chart on <canvas>: numeric x and y, several series, axes with ticks, a legend.
   No dependencies. drawLineChart(canvas, [{name, color, points: [[x, y], ...]}], {yMin, yMax}) */
"use strict";

function niceTicks(min, max, count) {
  if (!isFinite(min) || !isFinite(max)) return [];
  if (min === max) { min -= 1; max += 1; }
  const raw = (max - min) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw) || raw;
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(t);
  return ticks;
}

function formatTick(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(1);
  return Number(v.toPrecision(4)).toString();
}

function drawLineChart(canvas, series, opts) {
  opts = opts || {};
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 480;
  const height = Number(canvas.getAttribute("height")) || 240;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.height = height + "px";
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = "11px system-ui, sans-serif";

  const pts = series.flatMap(s => s.points).filter(p => isFinite(p[0]) && isFinite(p[1]));
  canvas.dataset.points = String(pts.length);
  const pad = { left: 52, right: 12, top: 22, bottom: 24 };
  const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
  ctx.fillStyle = "#8a96a3";
  if (pts.length === 0) {
    ctx.fillText(opts.empty || "waiting for data…", pad.left + 8, pad.top + h / 2);
    return;
  }
  let xMin = Math.min(...pts.map(p => p[0])), xMax = Math.max(...pts.map(p => p[0]));
  let yMin = opts.yMin !== undefined ? opts.yMin : Math.min(...pts.map(p => p[1]));
  let yMax = opts.yMax !== undefined ? opts.yMax : Math.max(...pts.map(p => p[1]));
  if (xMin === xMax) { xMin -= 1; xMax += 1; }
  if (yMin === yMax) { yMin -= Math.abs(yMin) * 0.1 || 1; yMax += Math.abs(yMax) * 0.1 || 1; }
  const X = x => pad.left + (x - xMin) / (xMax - xMin) * w;
  const Y = y => pad.top + h - (y - yMin) / (yMax - yMin) * h;

  ctx.strokeStyle = "#2d3742";
  ctx.lineWidth = 1;
  for (const t of niceTicks(yMin, yMax, 4)) {
    ctx.beginPath(); ctx.moveTo(pad.left, Y(t)); ctx.lineTo(pad.left + w, Y(t)); ctx.stroke();
    ctx.fillText(formatTick(t), 4, Y(t) + 4);
  }
  for (const t of niceTicks(xMin, xMax, 5)) {
    ctx.fillText(formatTick(t), X(t) - 10, height - 6);
  }
  if (opts.xLabel) ctx.fillText(opts.xLabel, pad.left + w - 40, height - 6);

  let legendX = pad.left;
  for (const s of series) {
    const ps = s.points.filter(p => isFinite(p[0]) && isFinite(p[1]));
    ctx.strokeStyle = s.color; ctx.fillStyle = s.color; ctx.lineWidth = 2;
    ctx.beginPath();
    ps.forEach((p, i) => (i ? ctx.lineTo(X(p[0]), Y(p[1])) : ctx.moveTo(X(p[0]), Y(p[1]))));
    ctx.stroke();
    if (ps.length === 1) { ctx.beginPath(); ctx.arc(X(ps[0][0]), Y(ps[0][1]), 3, 0, 7); ctx.fill(); }
    ctx.fillRect(legendX, 6, 10, 10);
    ctx.fillText(s.name, legendX + 14, 15);
    legendX += ctx.measureText(s.name).width + 32;
  }
}

window.drawLineChart = drawLineChart;
