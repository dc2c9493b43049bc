// The teacher's dashboard: every seat live, the pace, treatments, and per-seat actions.
// The token is a cookie set by the printed link; text goes in with textContent only.
"use strict";

// The page's words come from the server's catalogs (<script id="texts">, in the class's language).
const T = JSON.parse((document.getElementById("texts") || {}).textContent || "{}");
const LANG = document.documentElement.lang || "en";
function tr(key, values) {
  const template = T[key] === undefined ? key : T[key];
  return template.replace(/\{(\w+)\}/g, (all, name) => (values && name in values ? String(values[name]) : all));
}
const $ = (id) => document.getElementById(id);
let paused = false;
let paceFilled = false;
let policies = [];

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}
function num(x, digits) { return Number(x).toLocaleString(LANG, {maximumFractionDigits: digits}); }

async function api(path, body) {
  const init = body === undefined ? {} : {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(body)};
  const response = await fetch(path, init);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {error: tr("no_answer")}; }
  if (!response.ok) $("error").textContent = data.error || tr("error_status", {status: response.status});
  else $("error").textContent = "";
  return {ok: response.ok, data};
}

async function refresh() {
  const r = await api("/api/teacher/state");
  if (!r.ok) return;
  const s = r.data, c = s.class;
  paused = c.paused;
  policies = s.policies;
  $("title").textContent = c.scenario + " · " + tr("seed", {seed: c.seed});
  let status = tr(c.mode === "free" ? "status_free" : "status_rounds", {cap: c.cap, total: c.months_total}) +
    " · " + tr("status_seats", {seats: c.seats, ready: c.ready});
  if (c.paused) status += " · " + tr("paused_short");
  if (c.seconds_left !== null && c.mode === "rounds") status += " · " + tr("next_round", {s: Math.ceil(c.seconds_left)});
  $("status").textContent = status;
  $("pause").textContent = paused ? tr("resume") : tr("pause");
  if (!paceFilled) {
    const f = $("pace-form");
    f.mode.value = c.mode; f.step.value = String(c.step); f.all_ready.checked = c.all_ready;
    f.timer_s.value = c.timer_s; f.cap.value = c.cap;
    const levers = $("levers");
    for (const [k, label] of Object.entries(s.levers)) { const o = el("option", label); o.value = k; levers.append(o); }
    paceFilled = true;
  }
  const list = $("treatments"); list.replaceChildren();
  for (const t of s.treatments) list.append(el("li", tr("treatment", {group: t.group, lever: s.levers[t.lever] || t.lever, value: t.value, month: t.from_month})));
  const body = $("seats");
  if (body.contains(document.activeElement) && document.activeElement.tagName !== "BUTTON") return;  // the teacher is typing
  body.replaceChildren();
  for (const seat of s.seats) body.append(row(seat, c));
}

function row(seat, c) {
  const line = el("tr", null, seat.month < c.cap && c.mode === "free" ? "behind" : "");
  line.append(el("td", seat.name + (seat.policy ? " (" + tr("policy_" + seat.policy) + ")" : "")), el("td", seat.team));
  const group = el("input"); group.value = seat.group; group.size = 3; group.maxLength = 8;
  group.addEventListener("change", () => api("/api/teacher/seat/" + seat.id + "/group", {group: group.value}).then(() => { group.blur(); refresh(); }));
  const gtd = el("td"); gtd.append(group); line.append(gtd);
  line.append(el("td", seat.month, "num"), el("td", num(seat.compute_eflops, 2), "num"), el("td", num(seat.cash_busd, 1), "num"));
  const ftd = el("td"); ftd.append(el("span", tr("factor_" + seat.limiting_factor), "chip f-" + seat.limiting_factor)); line.append(ftd);
  line.append(el("td", num(seat.score, 1), "num"), el("td", seat.ready ? "✓" : ""), el("td", seat.last_action));
  const ref = el("td", seat.refusals, "num"); ref.title = seat.last_refusal; line.append(ref);
  const strip = el("td"); const img = el("img"); img.src = "/api/teacher/strip/" + seat.id + ".svg?m=" + seat.month;
  img.width = 360; img.height = 14; img.alt = tr("strip_alt", {name: seat.name}); strip.append(img); line.append(strip);
  const actions = el("td");
  const reset = el("button", tr("reset")); reset.type = "button";
  reset.addEventListener("click", () => { if (confirm(tr("reset_confirm", {name: seat.name}))) api("/api/teacher/seat/" + seat.id + "/reset", {}).then(refresh); });
  const pick = el("select"); pick.append(el("option", tr("student_plays")));
  pick.options[0].value = "";
  for (const p of policies) { const o = el("option", tr("policy_plays", {policy: tr("policy_" + p)})); o.value = p; pick.append(o); }
  pick.value = seat.policy || "";
  pick.addEventListener("change", () => api("/api/teacher/seat/" + seat.id + "/policy", {policy: pick.value || null}).then(refresh));
  actions.append(reset, pick);
  line.append(actions);
  return line;
}

$("pace-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  await api("/api/teacher/pace", {mode: f.mode.value, step: Number(f.step.value), all_ready: f.all_ready.checked,
    timer_s: Math.max(0, Math.round(Number(f.timer_s.value) || 0)), cap: Math.max(0, Math.round(Number(f.cap.value) || 0))});
  refresh();
});
$("advance").addEventListener("click", async () => {
  const r = await api("/api/teacher/advance", {});
  if (r.ok) $("pace-form").cap.value = r.data.cap;
  refresh();
});
$("pause").addEventListener("click", async () => { await api("/api/teacher/pace", {paused: !paused}); refresh(); });
$("treatment-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  await api("/api/teacher/treatment", {group: f.group.value, from_month: Math.round(Number(f.from_month.value) || 0),
    lever: f.lever.value, value: Number(f.value.value)});
  refresh();
});

refresh();
setInterval(refresh, 2000);
