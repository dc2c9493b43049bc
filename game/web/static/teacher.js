// The teacher's dashboard: every seat live, the pace, treatments, and per-seat actions.
// The token is a cookie set by the printed link; text goes in with textContent only.
"use strict";

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
function num(x, digits) { return Number(x).toLocaleString("en", {maximumFractionDigits: digits}); }

async function api(path, body) {
  const init = body === undefined ? {} : {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(body)};
  const response = await fetch(path, init);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {error: "the server sent no answer"}; }
  if (!response.ok) $("error").textContent = data.error || ("error " + response.status);
  else $("error").textContent = "";
  return {ok: response.ok, data};
}

async function refresh() {
  const r = await api("/api/teacher/state");
  if (!r.ok) return;
  const s = r.data, c = s.class;
  paused = c.paused;
  policies = s.policies;
  $("title").textContent = c.scenario + " · seed " + c.seed;
  let status = (c.mode === "free" ? "free pace up to month " : "rounds · class month ") + c.cap + " of " + c.months_total +
    " · " + c.seats + " seats · " + c.ready + " ready";
  if (c.paused) status += " · PAUSED";
  if (c.seconds_left !== null && c.mode === "rounds") status += " · next round in " + Math.ceil(c.seconds_left) + " s";
  $("status").textContent = status;
  $("pause").textContent = paused ? "Resume" : "Pause";
  if (!paceFilled) {
    const f = $("pace-form");
    f.mode.value = c.mode; f.step.value = String(c.step); f.all_ready.checked = c.all_ready;
    f.timer_s.value = c.timer_s; f.cap.value = c.cap;
    const levers = $("levers");
    for (const [k, label] of Object.entries(s.levers)) { const o = el("option", label); o.value = k; levers.append(o); }
    paceFilled = true;
  }
  const list = $("treatments"); list.replaceChildren();
  for (const t of s.treatments) list.append(el("li", "group " + t.group + ": " + (s.levers[t.lever] || t.lever) + " = " + t.value + " from month " + t.from_month));
  const body = $("seats");
  if (body.contains(document.activeElement) && document.activeElement.tagName !== "BUTTON") return;  // the teacher is typing
  body.replaceChildren();
  for (const seat of s.seats) body.append(row(seat, c));
}

function row(seat, c) {
  const tr = el("tr", null, seat.month < c.cap && c.mode === "free" ? "behind" : "");
  tr.append(el("td", seat.name + (seat.policy ? " (" + seat.policy + ")" : "")), el("td", seat.team));
  const group = el("input"); group.value = seat.group; group.size = 3; group.maxLength = 8;
  group.addEventListener("change", () => api("/api/teacher/seat/" + seat.id + "/group", {group: group.value}).then(() => { group.blur(); refresh(); }));
  const gtd = el("td"); gtd.append(group); tr.append(gtd);
  tr.append(el("td", seat.month, "num"), el("td", num(seat.compute_eflops, 2), "num"), el("td", num(seat.cash_busd, 1), "num"));
  const ftd = el("td"); ftd.append(el("span", seat.limiting_factor, "chip f-" + seat.limiting_factor)); tr.append(ftd);
  tr.append(el("td", num(seat.score, 1), "num"), el("td", seat.ready ? "✓" : ""), el("td", seat.last_action));
  const ref = el("td", seat.refusals, "num"); ref.title = seat.last_refusal; tr.append(ref);
  const strip = el("td"); const img = el("img"); img.src = "/api/teacher/strip/" + seat.id + ".svg?m=" + seat.month;
  img.width = 360; img.height = 14; img.alt = "limiting factor of " + seat.name; strip.append(img); tr.append(strip);
  const actions = el("td");
  const reset = el("button", "Reset"); reset.type = "button";
  reset.addEventListener("click", () => { if (confirm("Start " + seat.name + "'s game again from month 0?")) api("/api/teacher/seat/" + seat.id + "/reset", {}).then(refresh); });
  const pick = el("select"); pick.append(el("option", "student plays"));
  pick.options[0].value = "";
  for (const p of policies) { const o = el("option", p + " policy plays"); o.value = p; pick.append(o); }
  pick.value = seat.policy || "";
  pick.addEventListener("change", () => api("/api/teacher/seat/" + seat.id + "/policy", {policy: pick.value || null}).then(refresh));
  actions.append(reset, pick);
  tr.append(actions);
  return tr;
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
