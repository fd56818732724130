// rx plan editor: the page's state is one plan, sent to the server as JSON
// on every change (debounced); the server answers with rx check's
// diagnostics, each tied to a field, and the sheet's PDF for the preview.
"use strict";

const DOSES = ["sets", "reps", "hold", "minutes", "per_day", "per_week"];
const DOSE_LABELS = { sets: "Sets", reps: "Reps", hold: "Hold (s)", minutes: "Minutes", per_day: "Times a day", per_week: "Days a week" };
// Diagnostics that a reason (`exceed`) can answer, and the part it covers.
const EXCEEDABLE = { RX0203: null, RX0206: "daily", RX0208: null };

const state = {
  plan: { patient: { name: "", id: "" }, prescriber: { name: "", clinic: "", phone: "" },
          plan: { issued: "", review: "", weeks: "2", notes: "", language: "", paper: "", large_print: false },
          exercises: [] },
  // Per exercise, what the page knows beside the plan: the source its dose came from.
  sources: [],
  diagnostics: [],
  preview: null,
};

const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const options = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, options);
  return response;
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

function say(text) { $("status").textContent = text; }

function option(value, label) {
  const o = document.createElement("option");
  o.value = value; o.textContent = label;
  return o;
}

// --- library -------------------------------------------------------------

let searches = 0;

async function search() {
  const params = new URLSearchParams();
  for (const [key, id] of [["q", "q"], ["region", "region"], ["position", "position"], ["equipment", "equipment"]]) {
    if ($(id).value) params.set(key, $(id).value);
  }
  if (state.plan.plan.language) params.set("language", state.plan.plan.language);
  const mine = ++searches;
  const response = await api("/api/library?" + params);
  const data = await response.json();
  if (mine !== searches) return;
  const list = $("results");
  list.replaceChildren();
  if (!response.ok) { $("results-count").textContent = data.error.message; return; }
  $("results-count").textContent = data.results.length === 1 ? "1 exercise" : data.results.length + " exercises";
  for (const found of data.results) {
    const li = document.createElement("li");
    const img = document.createElement("img");
    img.alt = "";
    if (found.figure) img.src = found.figure;
    const body = document.createElement("div");
    const h = document.createElement("h3");
    h.textContent = found.name;
    const position = document.createElement("p");
    position.textContent = found.position;
    const dose = document.createElement("p");
    dose.textContent = "Usual dose: " + found.dose;
    const add = document.createElement("button");
    add.type = "button";
    add.textContent = "Add";
    add.setAttribute("aria-label", "Add " + found.name + " to the plan");
    add.addEventListener("click", () => addExercise(found.id));
    body.append(h, position, dose, add);
    li.append(img, body);
    list.append(li);
  }
}

async function addExercise(id, from) {
  const params = new URLSearchParams({ name: id });
  if (from) params.set("from", from);
  const response = await api("/api/exercise?" + params);
  const data = await response.json();
  if (!response.ok) { say(data.error.message); return; }
  pushAdded(data);
  renderExercises();
  say("Added " + data.name + ". " + data.source);
  changed();
}

function pushAdded(data) {
  const e = { name: data.id, sets: "", reps: "", hold: "", minutes: "", per_day: "", per_week: "", side: "", note: "", video: "", exceed: {} };
  for (const [key, value] of Object.entries(data.fields)) e[key] = value;
  state.plan.exercises.push(e);
  state.sources.push({ name: data.name, source: data.source, sideDefault: data.side_default });
}

// --- plan fields -----------------------------------------------------------

function setPath(path, value) {
  const parts = path.split(".");
  let target = state.plan;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] === "exercise" ? "exercises" : parts[i];
    target = target[part];
  }
  target[parts[parts.length - 1]] = value;
}

function fillFields() {
  for (const input of document.querySelectorAll("#plan fieldset [data-field]")) {
    const [table, key] = input.dataset.field.split(".");
    const value = state.plan[table][key];
    if (input.type === "checkbox") input.checked = !!value; else input.value = value || "";
  }
}

// `kind`: "small" (a dose), "wide", or "side" (a select whose empty
// choice is `sideDefault`, what rx does when the plan gives no side).
function fieldInput(labelText, path, value, kind, sideDefault) {
  const wrap = document.createElement("div");
  wrap.className = "field" + (kind === "small" ? " small" : kind === "wide" ? " wide" : "");
  const id = "f-" + path;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = labelText;
  let input;
  if (kind === "side") {
    input = document.createElement("select");
    for (const [v, l] of [["", sideDefault || "As the exercise says"], ["both", "Each side in turn"], ["left", "Left side only"], ["right", "Right side only"], ["alternate", "Alternating sides"]]) input.append(option(v, l));
  } else {
    input = document.createElement("input");
    if (kind === "small") input.inputMode = "numeric";
  }
  input.id = id;
  input.dataset.field = path;
  input.value = value || "";
  input.addEventListener("input", () => { setPath(path, input.value); changed(); });
  wrap.append(label, input);
  return wrap;
}

function renderExercises() {
  const list = $("exercises");
  list.replaceChildren();
  $("no-exercises").hidden = state.plan.exercises.length > 0;
  state.plan.exercises.forEach((e, i) => {
    const meta = state.sources[i] || { name: e.name, source: "" };
    const li = document.createElement("li");
    li.id = "exercise-" + i;
    const h = document.createElement("h4");
    h.id = "f-exercise." + i;
    h.textContent = meta.name;
    draggable(li, h, i);
    const source = document.createElement("p");
    source.className = "source";
    source.textContent = meta.source || "Dose as written in the plan";
    const doses = document.createElement("div");
    doses.className = "doses";
    for (const key of DOSES) doses.append(fieldInput(DOSE_LABELS[key], "exercise." + i + "." + key, e[key], "small"));
    doses.append(fieldInput("Side", "exercise." + i + ".side", e.side, "side", meta.sideDefault));
    const note = fieldInput("Note for the patient (optional)", "exercise." + i + ".note", e.note, "wide");
    const reasons = document.createElement("div");
    reasons.className = "doses";
    reasons.id = "reasons-" + i;
    const actions = document.createElement("div");
    actions.className = "actions";
    for (const [label, action, disabled] of [["Move up", () => move(i, -1), i === 0], ["Move down", () => move(i, 1), i === state.plan.exercises.length - 1], ["Remove", () => remove(i), false]]) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "plain";
      b.textContent = label;
      b.setAttribute("aria-label", label + " " + meta.name);
      b.disabled = disabled;
      b.dataset.action = label;
      b.addEventListener("click", action);
      actions.append(b);
    }
    const problems = document.createElement("div");
    problems.className = "diag";
    problems.id = "d-exercise." + i;
    li.append(h, source, problems, doses, reasons, note, actions);
    list.append(li);
    renderReasons(i);
  });
  showDiagnostics();
}

// The `exceed` reasons asked for: one per part a diagnostic says is past
// its limit, and any already given.
function renderReasons(i) {
  const box = $("reasons-" + i);
  if (!box) return;
  const e = state.plan.exercises[i];
  const parts = new Set(Object.keys(e.exceed).filter((k) => e.exceed[k] !== undefined));
  for (const d of state.diagnostics) {
    // Asked where a dose is refused; a reason given stays shown.
    if (d.severity !== "error" || !(d.code in EXCEEDABLE)) continue;
    if (!d.field.startsWith("exercise." + i + ".") && d.field !== "exercise." + i) continue;
    const key = EXCEEDABLE[d.code] || d.field.split(".")[2];
    if (DOSES.includes(key) || key === "daily") parts.add(key);
  }
  const shown = [...box.querySelectorAll("input")].map((x) => x.dataset.part);
  if (shown.length === parts.size && shown.every((p) => parts.has(p))) return;
  box.replaceChildren();
  for (const part of parts) {
    const label = part === "daily" ? "the day's total" : part === "" ? "the one field past it" : (DOSE_LABELS[part] || part).toLowerCase();
    const wrap = fieldInput("Reason for going past the limit (" + label + ")", "exercise." + i + ".exceed." + part, e.exceed[part], "wide");
    wrap.querySelector("input").dataset.part = part;
    box.append(wrap);
  }
}

// Reorder by drag: the grip before an exercise's name drags it (the inputs
// stay for typing), and any exercise is a drop target; the buttons stay for
// the keyboard, and say the same.
let dragged = null;

function draggable(li, heading, i) {
  const grip = document.createElement("span");
  grip.className = "grip";
  grip.draggable = true;
  grip.title = "Drag to reorder";
  // The buttons carry the move for assistive technology.
  grip.setAttribute("aria-hidden", "true");
  grip.textContent = "⠿";
  heading.prepend(grip);
  grip.addEventListener("dragstart", (event) => {
    dragged = i;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", String(i));
    event.dataTransfer.setDragImage(li, 0, 0);
    li.classList.add("dragging");
  });
  grip.addEventListener("dragend", () => { dragged = null; li.classList.remove("dragging"); });
  li.addEventListener("dragover", (event) => {
    if (dragged === null || dragged === i) return;
    event.preventDefault();
    li.classList.add("drop");
  });
  li.addEventListener("dragleave", () => li.classList.remove("drop"));
  li.addEventListener("drop", (event) => {
    event.preventDefault();
    li.classList.remove("drop");
    if (dragged === null || dragged === i) return;
    const from = dragged;
    dragged = null;
    moveTo(from, i);
  });
}

// Move exercise `from` to the place of exercise `to`, the others shifting.
function moveTo(from, to) {
  for (const list of [state.plan.exercises, state.sources]) list.splice(to, 0, list.splice(from, 1)[0]);
  renderExercises();
  say("Moved " + state.sources[to].name + " to place " + (to + 1));
  changed();
}

function move(i, by) {
  const j = i + by;
  for (const list of [state.plan.exercises, state.sources]) [list[i], list[j]] = [list[j], list[i]];
  renderExercises();
  const button = document.querySelector("#exercise-" + j + " [data-action='" + (by < 0 ? "Move up" : "Move down") + "']");
  (button && !button.disabled ? button : document.querySelector("#exercise-" + j + " button")).focus();
  changed();
}

function remove(i) {
  const name = (state.sources[i] || {}).name || state.plan.exercises[i].name;
  state.plan.exercises.splice(i, 1);
  state.sources.splice(i, 1);
  renderExercises();
  say("Removed " + name);
  $("exercises-h").focus();
  changed();
}

// --- checking and preview -----------------------------------------------------

function planBody(extra) {
  return Object.assign({ plan: state.plan }, $("file").value ? { file: $("file").value } : {}, extra || {});
}

const changed = debounce(check, 250);

// Answers can come back out of order (the server answers one request at a
// time, figures included): only the latest check's answer is shown.
let checks = 0;

async function check() {
  const mine = ++checks;
  const response = await api("/api/check", planBody());
  const data = await response.json();
  if (mine !== checks) return;
  if (!response.ok) { say(data.error.message); return; }
  state.diagnostics = data.diagnostics;
  state.plan.exercises.forEach((_, i) => renderReasons(i));
  showDiagnostics();
  // The dates as the sheet prints them (the browser shows its own format).
  $("printed-issued").textContent = data.dates ? "On the sheet: " + data.dates.issued : "";
  $("printed-review").textContent = data.dates ? "Review on the sheet: " + data.dates.review : "";
  if (data.valid) preview(); else $("preview-status").textContent = state.preview ? "The plan has errors: the preview shows the last valid plan." : "The preview waits until the plan has no errors.";
}

function showDiagnostics() {
  for (const el of document.querySelectorAll(".diag")) el.replaceChildren();
  for (const el of document.querySelectorAll("[aria-invalid]")) { el.removeAttribute("aria-invalid"); el.removeAttribute("aria-describedby"); }
  const general = $("plan-problems");
  general.replaceChildren();
  for (const d of state.diagnostics) {
    const p = document.createElement("p");
    p.className = d.severity;
    // rx check's code and message, the exercise by its name, and the help
    // in the page's words.
    const help = d.editor_help || d.help;
    p.textContent = (d.severity === "error" ? "Error " : "Warning ") + d.code + ": " + (d.shown || d.message) + (help ? " (" + help + ")" : "");
    // A problem with a whole table shows at its first field.
    const field = { patient: "patient.name", prescriber: "prescriber.name", plan: "plan.issued" }[d.field] || d.field;
    const input = field ? $("f-" + field) : null;
    if (input && input.tagName !== "H4" && input.tagName !== undefined && input.dataset.field) {
      let box = $("d-" + field);
      if (!box) {
        box = document.createElement("div");
        box.className = "diag";
        box.id = "d-" + field;
        // A dose field is narrow: its message goes right under the row of
        // doses, named by the field's label.
        const row = input.parentElement.classList.contains("small") ? input.closest(".doses") : null;
        if (row) row.after(box); else input.parentElement.append(box);
      }
      if (input.parentElement.classList.contains("small")) p.textContent = input.labels[0].textContent + ": " + p.textContent;
      box.append(p);
      input.setAttribute("aria-describedby", box.id);
      if (d.severity === "error") input.setAttribute("aria-invalid", "true");
    } else {
      const exercise = d.field.match(/^exercise\.(\d+)/);
      const box = exercise ? $("d-exercise." + exercise[1]) : null;
      (box || general).append(p);
    }
  }
}

async function preview() {
  const mine = checks;
  const response = await api("/api/preview", planBody());
  if (mine !== checks) return;
  if (response.headers.get("Content-Type") !== "application/pdf") {
    $("preview-status").textContent = "The preview waits until the plan has no errors.";
    return;
  }
  const blob = await response.blob();
  if (state.preview) URL.revokeObjectURL(state.preview);
  state.preview = URL.createObjectURL(blob);
  $("preview").src = state.preview;
  $("preview-status").textContent = "Preview up to date.";
}

// --- save, build, open, routines -------------------------------------------------

function fileName() {
  let name = $("file").value.trim();
  if (!name) {
    const base = (state.plan.patient.id || state.plan.patient.name || "plan").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "plan";
    name = base + ".toml";
    $("file").value = name;
  }
  if (!name.endsWith(".toml")) { name += ".toml"; $("file").value = name; }
  return name;
}

async function save(build) {
  fileName();
  const path = build ? "/api/build" : "/api/save";
  let response = await api(path, planBody());
  let data = await response.json();
  if (response.status === 409) {
    if (!window.confirm(data.error.message)) { say("Not saved: the file in the folder is left as it is."); return; }
    response = await api(path, planBody({ overwrite: true }));
    data = await response.json();
  }
  if (!response.ok) {
    if (data.diagnostics) { state.diagnostics = data.diagnostics; showDiagnostics(); say("Not built: the plan has errors."); }
    else say(data.error.message);
    return;
  }
  say(data.sheet ? "Saved " + data.saved + " and built " + data.sheet + " (" + data.pages + (data.pages === 1 ? " page)" : " pages)") : "Saved " + data.saved + (data.valid ? "" : " (it still has errors)"));
  loadPlans();
}

async function openPlan() {
  const file = $("plans").value;
  if (!file) return;
  const response = await api("/api/open?" + new URLSearchParams({ file }));
  const data = await response.json();
  if (!response.ok) { say(data.error.message); return; }
  state.plan = data.plan;
  state.sources = data.exercises.map((m) => ({ name: m.name, source: "", sideDefault: m.side_default }));
  $("file").value = data.file;
  fillFields();
  renderExercises();
  say("Opened " + data.file);
  check();
}

async function useRoutine() {
  const id = $("routine").value;
  if (!id) return;
  if (state.plan.exercises.length && !window.confirm("Replace the plan's exercises with the routine's?")) return;
  const response = await api("/api/routine?" + new URLSearchParams({ id }));
  const data = await response.json();
  if (!response.ok) { say(data.error.message); return; }
  state.plan.exercises = [];
  state.sources = [];
  for (const e of data.exercises) pushAdded(e);
  renderExercises();
  say("Started from " + data.name + ", " + data.source);
  check();
}

async function loadPlans() {
  const data = await (await api("/api/plans")).json();
  const select = $("plans");
  select.replaceChildren(option("", data.plans.length ? "Choose a plan" : "No plans yet"));
  for (const name of data.plans) select.append(option(name, name));
  const batches = $("batches");
  batches.replaceChildren(option("", data.batches.length ? "Choose a CSV or workbook" : "No CSV files or workbooks"));
  for (const name of data.batches) batches.append(option(name, name));
}

// Where a batch's problem is: a workbook's sheet and cell, or a CSV's row
// and column, as rx check names them.
function batchPlace(d) {
  if (d.cell) return "sheet " + d.sheet + ", cell " + d.cell;
  return "row " + d.line + (d.column_name ? ", column " + d.column_name : "");
}

// A batch's report as a table: one row per patient.
async function buildBatch() {
  const file = $("batches").value;
  if (!file) return;
  say("Building " + file + "…");
  let response = await api("/api/batch", { file });
  let data = await response.json();
  if (response.ok && data.kept > 0 && window.confirm(data.kept + " sheets already there differ from their plans now. Replace them?")) {
    response = await api("/api/batch", { file, overwrite: true });
    data = await response.json();
  }
  const box = $("batch-report");
  box.replaceChildren();
  if (!response.ok) { say(data.error.message); return; }
  say(file + ": " + data.patients + " patients, " + data.built + " built, " + data.skipped + " not built (errors)");
  for (const d of data.diagnostics) {
    const p = document.createElement("p");
    p.className = d.severity;
    p.textContent = d.code + ": " + d.message;
    box.append(p);
  }
  if (!data.rows.length) return;
  const table = document.createElement("table");
  const caption = document.createElement("caption");
  caption.textContent = "Batch report for " + file;
  const head = document.createElement("tr");
  for (const h of ["Patient id", "Name", "Status", "Sheet", "Problems"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    head.append(th);
  }
  table.append(caption, head);
  for (const row of data.rows) {
    const tr = document.createElement("tr");
    const problems = row.diagnostics.map((d) => d.code + " (" + batchPlace(d) + "): " + d.message).join("; ") || row.error || "";
    for (const text of [row.id, row.name || "", row.status, row.sheet || "", problems]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    table.append(tr);
  }
  box.append(table);
}

async function start() {
  const info = await (await api("/api/info")).json();
  $("folder").textContent = info.folder;
  for (const [id, list] of [["region", info.regions], ["position", info.positions], ["equipment", info.equipment]]) {
    for (const item of list) $(id).append(option(item.value, item.label));
  }
  for (const l of info.languages) $("f-plan.language").append(option(l.code, l.name));
  $("routine").append(option("", "Choose a routine"));
  for (const r of info.routines) $("routine").append(option(r.id, r.name));
  const s = info.settings;
  // The settings' prescriber fills the field; their clinic and phone are
  // printed on every sheet already, so they are shown, not copied.
  state.plan.prescriber.name = s.prescriber || "";
  if (s.clinic) $("f-prescriber.clinic").placeholder = "From the settings: " + s.clinic;
  if (s.phone) $("f-prescriber.phone").placeholder = "From the settings: " + s.phone;
  state.plan.plan.issued = info.today;
  if (s.language) state.plan.plan.language = s.language;
  fillFields();
  for (const input of document.querySelectorAll("#plan fieldset [data-field]")) {
    input.addEventListener(input.type === "checkbox" || input.tagName === "SELECT" ? "change" : "input", () => {
      setPath(input.dataset.field, input.type === "checkbox" ? input.checked : input.value);
      if (input.dataset.field === "plan.language") search();
      changed();
    });
  }
  const searchSoon = debounce(search, 200);
  $("q").addEventListener("input", searchSoon);
  for (const id of ["region", "position", "equipment"]) $(id).addEventListener("change", search);
  $("search").addEventListener("submit", (event) => { event.preventDefault(); search(); });
  $("save").addEventListener("click", () => save(false));
  $("build").addEventListener("click", () => save(true));
  $("open").addEventListener("click", openPlan);
  $("use-routine").addEventListener("click", useRoutine);
  $("build-batch").addEventListener("click", buildBatch);
  renderExercises();
  loadPlans();
  search();
  check();
}

document.addEventListener("DOMContentLoaded", start);
