// The student's page: join, then poll the seat's state; every command is a form with a live
// preview. Text goes in with textContent only (never as HTML), so nothing a player types runs.
"use strict";

// The page's words come from the server's catalogs (<script id="texts">, in the class's language).
const T = JSON.parse((document.getElementById("texts") || {}).textContent || "{}");
const LANG = document.documentElement.lang || "en";
function tr(key, values) {
  const template = T[key] === undefined ? key : T[key];
  return template.replace(/\{(\w+)\}/g, (all, name) => (values && name in values ? String(values[name]) : all));
}
const $ = (id) => document.getElementById(id);
let lastMonth = -1;
let formsBuilt = false;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

// USD 55 B in English; 550亿美元 / 550億美元 in Chinese (万/亿 as the articles write them)
function money(busd) {
  if (LANG === "en") return "USD " + Number(busd).toLocaleString("en", {maximumFractionDigits: 1}) + " B";
  const locale = LANG === "zh-Hant" ? "zh-TW" : "zh-CN";
  return Number(busd * 1e9).toLocaleString(locale, {notation: "compact", maximumFractionDigits: 1}) + tr("usd");
}
function num(x, digits) { return Number(x).toLocaleString(LANG, {maximumFractionDigits: digits}); }
function nonce() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

async function api(path, body) {
  const init = body === undefined ? {} : {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(body)};
  const response = await fetch(path, init);
  let data = {};
  try { data = await response.json(); } catch (e) { data = {error: tr("no_answer")}; }
  return {ok: response.ok, status: response.status, data};
}

async function refresh() {
  const r = await api("/api/state");
  if (r.status === 401) { $("join").hidden = false; $("game").hidden = true; return; }
  if (!r.ok) { $("pace-error").textContent = r.data.error || tr("error"); return; }
  $("join").hidden = true; $("game").hidden = false;
  show(r.data);
  if (!formsBuilt) await buildForms();
}

function show(s) {
  $("date").textContent = s.date + "  " + tr("month_of", {month: s.month, total: s.months_total}) + (s.done ? tr("over") : "");
  $("cash").textContent = money(s.cash_busd);
  $("compute").textContent = num(s.compute_eflops, 2) + " EFLOPS";
  $("idle").textContent = num(s.chips_idle, 0);
  const f = $("factor"); f.textContent = tr("factor_" + s.limiting_factor); f.className = "chip f-" + s.limiting_factor;
  $("score").textContent = num(s.score, 1);
  $("who").textContent = s.seat.name + (s.seat.team ? " (" + s.seat.team + ")" : "") + " · " + tr("group", {group: s.seat.group}) +
    (s.seat.policy ? " · " + tr("played_by", {policy: tr("policy_" + s.seat.policy)}) : "");
  const c = s.class;
  let pace = c.mode === "free" ? tr("pace_free", {cap: c.cap})
    : tr("pace_rounds", {step: c.step, cap: c.cap, ready: c.ready, seats: c.seats});
  if (c.paused) pace += " · " + tr("paused");
  if (c.seconds_left !== null && c.mode === "rounds") pace += " · " + tr("next_round", {s: Math.ceil(c.seconds_left)});
  $("pace").textContent = pace;
  $("advance").hidden = c.mode !== "free";
  $("advance").disabled = c.paused || s.month >= c.cap || s.done;
  $("ready").hidden = c.mode !== "rounds";
  $("ready").textContent = s.seat.ready ? tr("ready_undo") : tr("ready");
  $("ready").dataset.ready = s.seat.ready ? "1" : "";
  if (s.month !== lastMonth) {
    lastMonth = s.month;
    for (const k of ["compute", "factors", "cash"]) $("chart-" + k).src = "/api/chart/" + k + ".svg?m=" + s.month;
    refreshPreviews();
  }
  const parts = $("score-parts"); parts.replaceChildren();
  const total = el("tr"); total.append(el("th", tr("score")), el("td", num(s.score, 1))); parts.append(total);
  for (const [k, v] of Object.entries(s.score_parts)) {
    const line = el("tr"); line.append(el("th", T["term_" + k] || k.replace(/_/g, " ")), el("td", num(v, 1))); parts.append(line);
  }
  const panel = $("panel"); panel.replaceChildren();
  for (const [label, value, unit] of s.panel) {
    const line = el("tr");
    const shown = typeof value === "number" ? num(value, 2) : String(value);
    line.append(el("th", label), el("td", shown + (unit ? " " + unit : "")));
    panel.append(line);
  }
  const news = $("news"); news.replaceChildren();
  for (const n of s.news) {
    const li = el("li", null, "kind-" + n.kind);
    li.append(el("span", n.date, "when"), el("b", " " + n.agent + ": "), el("span", n.reason));
    const why = el("div", null, "why");
    why.append(el("span", n.rule + " " + n.rule_title, "rule"), el("span", " " + n.rule_text), el("span", " " + tr("source", {source: n.source}), "source"));
    li.append(why);
    news.append(li);
  }
  const refusals = $("refusals"); refusals.replaceChildren();
  for (const r of s.refusals) refusals.append(el("li", r.date + " " + r.command + ": " + r.reason));
}

const forms = [];

async function buildForms() {
  const r = await api("/api/commands");
  if (!r.ok) return;
  formsBuilt = true;
  const box = $("commands"); box.replaceChildren();
  for (const cmd of r.data) {
    const details = el("details", null, "command");
    const summary = el("summary"); summary.append(el("span", cmd.title), el("span", " " + cmd.rule, "rule"));
    details.append(summary);
    const form = el("form");
    form.dataset.command = cmd.name;
    for (const f of cmd.fields) {
      const label = el("label", f.label + (f.unit ? " (" + f.unit + ")" : ""));
      let input;
      if (f.choices) {
        input = el("select");
        for (const [value, text] of f.choices) { const o = el("option", text); o.value = value; input.append(o); }
        input.value = f.default;
      } else if (f.type === "bool") {
        input = el("input"); input.type = "checkbox"; input.checked = !!f.default;
      } else {
        input = el("input"); input.type = "number"; input.value = f.default;
        input.step = f.type === "int" ? "1" : "any";
        if (f.min !== null) input.min = f.min;
        if (f.max !== null) input.max = f.max;
      }
      input.name = f.name; input.dataset.type = f.type;
      if (f.help) label.title = f.help;
      label.append(input);
      form.append(label);
    }
    const out = el("p", "", "preview");
    const go = el("button", tr("do_it")); go.type = "submit";
    form.append(out, go);
    form.addEventListener("input", () => preview(form, out));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); commit(form, out); });
    details.addEventListener("toggle", () => { if (details.open) preview(form, out); });
    details.append(form);
    box.append(details);
    forms.push([form, out, details]);
  }
}

function body(form) {
  const fields = {};
  for (const input of form.querySelectorAll("input, select")) {
    const t = input.dataset.type;
    if (t === "bool") fields[input.name] = input.checked;
    else if (t === "int") fields[input.name] = Math.round(Number(input.value));
    else if (t === "float") fields[input.name] = Number(input.value);
    else fields[input.name] = input.value;
  }
  return {command: form.dataset.command, fields};
}

async function preview(form, out) {
  const r = await api("/api/preview", body(form));
  if (!r.ok) { out.textContent = r.data.error || tr("error"); out.className = "preview refused"; return; }
  const p = r.data;
  if (p.refusal) { out.textContent = tr("rules_say_no", {why: p.refusal}); out.className = "preview refused"; return; }
  out.textContent = tr("preview", {cost: money(p.cost_busd), months: num(p.lead_time_months, 1), effect: p.effect});
  out.className = "preview";
}

function refreshPreviews() { for (const [form, out, details] of forms) if (details.open) preview(form, out); }

async function commit(form, out) {
  const b = body(form); b.nonce = nonce();
  let r = await api("/api/command", b);
  for (let tries = 0; r.status === 429 && tries < 5; tries++) {  // the same nonce: never done twice
    await new Promise((ok) => setTimeout(ok, 500));
    r = await api("/api/command", b);
  }
  if (!r.ok) { out.textContent = r.data.error || tr("error"); out.className = "preview refused"; return; }
  out.textContent = tr(r.data.accepted ? "done" : "refused", {message: r.data.message});
  out.className = r.data.accepted ? "preview done" : "preview refused";
  refresh();
}

$("join-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const data = new FormData(ev.target);
  const r = await api("/api/join", {name: data.get("name"), team: data.get("team") || ""});
  if (!r.ok) { $("join-error").textContent = r.data.error || tr("could_not_join"); return; }
  refresh();
});
$("advance").addEventListener("click", async () => {
  const r = await api("/api/advance", {});
  $("pace-error").textContent = r.ok ? "" : (r.data.error || tr("error"));
  refresh();
});
$("ready").addEventListener("click", async () => {
  const r = await api("/api/ready", {ready: !$("ready").dataset.ready});
  $("pace-error").textContent = r.ok ? "" : (r.data.error || tr("error"));
  refresh();
});

refresh();
setInterval(refresh, 2000);
