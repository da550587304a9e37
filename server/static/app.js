// duchaqa staff page: ask questions, read cited sources, manage reports.
// Plain DOM, no framework. Every piece of text from the API goes in through
// text nodes (see h()), never innerHTML: report text is untrusted input.
"use strict";

const KEY_STORAGE = "duchaqa.apiKey";
const EXAMPLES = ["湖南信访件办结了多少件", "How many petitions did Hunan close?", "湖南和江西哪个办结的信访件多"];

const $ = (id) => document.getElementById(id);

// ---- tiny DOM builder ------------------------------------------------------------------

/** Element with attributes (on* = listener) and children (strings become text nodes). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** "中文 English" with the English part styled secondary, as in the static labels. */
const bi = (zh, en) => [zh, " ", h("span", { class: "en" }, en)];

// ---- API -------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** FastAPI errors carry {detail}: a string, or a list of validation errors. */
function detailOf(body, status, statusText) {
  const detail = body && body.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((e) => (e.loc ? `${e.loc.join(".")}: ` : "") + (e.msg || JSON.stringify(e))).join("; ");
  }
  return `HTTP ${status}${statusText ? ` ${statusText}` : ""}`;
}

/** A call to the API; the key field's key goes with every call (reads need it when the server sets a read key). */
async function api(path, options = {}) {
  const res = await fetch(path, { ...options, headers: { ...authHeaders(), ...(options.headers || {}) } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Non-JSON error page (proxy, crash): fall back to the status line.
  }
  if (!res.ok) throw new ApiError(res.status, detailOf(body, res.status, res.statusText));
  return body;
}

const apiKey = () => $("api-key").value.trim();
const authHeaders = () => (apiKey() ? { Authorization: `Bearer ${apiKey()}` } : {});

/** An error line; 401/403 get a hint, since the fix is on this page (the key field). */
function errorBox(err, what) {
  const hint =
    err.status === 401 ? "请检查 API 密钥 / Check the API key." : err.status === 403 ? "服务器未启用写入 / Writes are disabled on the server." : null;
  return h(
    "div",
    { class: "error", role: "alert" },
    h("strong", {}, what, err.status ? ` (${err.status})` : "", ": "),
    err.message || String(err),
    hint ? h("div", { class: "hint" }, hint) : null,
  );
}

// ---- tabs ------------------------------------------------------------------------------

const TABS = { ask: "tab-ask", reports: "tab-reports" };

function showView(name, focus = false) {
  for (const [view, tabId] of Object.entries(TABS)) {
    const on = view === name;
    const tab = $(tabId);
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`view-${view}`).hidden = !on;
    if (on && focus) tab.focus();
  }
  history.replaceState(null, "", name === "ask" ? location.pathname : `#${name}`);
  if (name === "reports") loadDocuments();
}

function initTabs() {
  const names = Object.keys(TABS);
  names.forEach((name, i) => {
    const tab = $(TABS[name]);
    tab.addEventListener("click", () => showView(name));
    // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab leaves the tab list.
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step) return;
      e.preventDefault();
      showView(names[(i + step + names.length) % names.length], true);
    });
  });
  showView(location.hash === "#reports" ? "reports" : "ask");
}

// ---- asking ----------------------------------------------------------------------------

let lastResult = null;
let askSeq = 0;

async function ask(question) {
  question = question.trim();
  if (!question) return;
  const seq = ++askSeq; // a newer question wins; a slower older answer is dropped
  docCache.clear(); // new offsets may point into a report changed since it was cached
  const button = $("ask-button");
  const status = $("ask-status");
  button.disabled = true;
  $("result").setAttribute("aria-busy", "true");
  status.replaceChildren(h("span", { class: "spinner", "aria-hidden": "true" }), ...bi("检索中…", "Searching…"));
  const body = { question };
  if ($("region").value) body.region = $("region").value;
  try {
    const data = await api("/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (seq !== askSeq) return;
    lastResult = data;
    status.replaceChildren();
    $("result").replaceChildren(renderAnswer(data), renderCitations(data));
  } catch (err) {
    if (seq !== askSeq) return;
    status.replaceChildren();
    $("result").replaceChildren(errorBox(err, "提问失败 / Ask failed"));
  } finally {
    if (seq === askSeq) {
      button.disabled = false;
      $("result").removeAttribute("aria-busy");
    }
  }
}

/** The sentence with the answer value in <mark>, found by offsets, else by text. */
function markedSentence(sentence, answer, span) {
  let at = -1;
  let len = 0;
  if (span) {
    const off = span.start - span.sentence_start;
    const n = span.end - span.start;
    if (off >= 0 && sentence.slice(off, off + n) === answer) [at, len] = [off, n];
  }
  if (at < 0 && answer) [at, len] = [sentence.indexOf(answer), answer.length];
  if (at < 0) return [sentence];
  return [sentence.slice(0, at), h("mark", { class: "answer" }, sentence.slice(at, at + len)), sentence.slice(at + len)];
}

/** The citation whose passage holds this span (for its title, section and region). */
function citationFor(span, data) {
  if (!span) return null;
  return data.citations.find((c) => c.doc === span.doc && c.start <= span.start && span.end <= c.end) || null;
}

/** A "show in report" button opening the reader on the answer's sentence. */
function sourceLine(span, data) {
  if (!span) return null;
  const c = citationFor(span, data);
  const where = c ? [c.title, c.section ? ` › ${c.section}` : ""] : [span.doc];
  return h(
    "p",
    { class: "source-line" },
    h("span", { class: "muted" }, "出处 / Source: "),
    h("span", { class: "where" }, where),
    " ",
    h(
      "button",
      {
        type: "button",
        class: "link",
        onclick: (e) =>
          openReader(span.doc, { start: span.sentence_start, end: span.sentence_end }, e.currentTarget),
      },
      "在原文中查看 / Show in report",
    ),
  );
}

function renderAnswer(d) {
  const card = h("section", { class: `answer-card${d.abstained ? " abstained" : ""}`, "aria-labelledby": "answer-h" });
  card.append(h("h2", { id: "answer-h", class: "eyebrow" }, bi("答案", "Answer")));
  if (d.abstained && d.guess) {
    // The passages match but no candidate is sure enough: say so, and show the best one to check.
    card.append(h("p", { class: "answer-text" }, bi("报告可能没有确切说明", "The reports may not state it exactly")));
    card.append(
      h(
        "p",
        { class: "guess" },
        h("span", { class: "muted" }, "最可能的候选 / Best candidate: "),
        h("strong", {}, d.guess.answer),
        " ",
        confidenceChip(d.confidence),
      ),
    );
    card.append(h("blockquote", { class: "answer-sentence" }, markedSentence(d.guess.answer_sentence, d.guess.answer, d.guess.span)));
    card.append(sourceLine(d.guess.span, d));
  } else if (d.abstained) {
    card.append(h("p", { class: "answer-text" }, bi("报告中未找到", "Not found in the reports")));
    if (d.answer_sentence) card.append(h("p", { class: "reason" }, h("span", { class: "muted" }, "原因 / Reason: "), d.answer_sentence));
  } else {
    card.append(h("p", { class: "answer-line" }, h("span", { class: "answer-text" }, d.answer), " ", confidenceChip(d.confidence)));
    if (d.intent === "compare") {
      // The compare answer is the winning region; its "sentence" is a summary, not a quote.
      card.append(h("p", { class: "summary" }, markedSentence(d.answer_sentence, d.answer, null)));
    } else {
      card.append(h("blockquote", { class: "answer-sentence" }, markedSentence(d.answer_sentence, d.answer, d.answer_span)));
      card.append(sourceLine(d.answer_span, d));
    }
  }
  if (d.parts && d.parts.length) card.append(renderParts(d));
  card.append(renderMeta(d));
  return card;
}

/** The calibrated confidence, as a share of answers like this one that are right. */
function confidenceChip(confidence) {
  const pct = Math.round((confidence || 0) * 100);
  const level = pct >= 80 ? "high" : pct >= 50 ? "mid" : "low";
  return h("span", { class: `confidence ${level}`, title: "置信度 / Confidence" }, `${pct}%`);
}

/** Each part of a comparison or of a question asking several things: what it asks, its region,
 * value, and the sentence it came from. */
function renderParts(d) {
  return h(
    "ol",
    { class: "parts", "aria-label": "各部分答案 / Each part" },
    d.parts.map((p, i) => {
      const c = citationFor(p.span, d);
      // A part names its region; else take the cited passage's, else the question's.
      const region = p.region || (c ? c.region.split(",")[0] : d.parts.length === d.regions.length ? d.regions[i] : "");
      return h(
        "li",
        { class: "part" },
        p.question ? h("div", { class: "part-question" }, p.question) : null,
        h("div", { class: "part-head" }, region ? h("span", { class: "chip" }, region) : null, h("strong", { class: "part-answer" }, p.answer)),
        h("blockquote", { class: "answer-sentence" }, markedSentence(p.answer_sentence, p.answer, p.span)),
        sourceLine(p.span, d),
      );
    }),
  );
}

function renderMeta(d) {
  const items = [];
  if (d.regions.length) items.push(["地区 / Regions", d.regions.join("、")]);
  items.push(["语言 / Language", d.lang]);
  items.push(["类型 / Intent", d.intent]);
  if (d.timings_ms && d.timings_ms.total !== undefined) items.push(["用时 / Time", `${(d.timings_ms.total / 1000).toFixed(2)} s`]);
  return h(
    "dl",
    { class: "meta" },
    items.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
  );
}

function renderCitations(d) {
  const heading = d.abstained ? bi("相关段落", "Related passages") : bi("引用段落", "Cited passages");
  const section = h("section", { class: "citations", "aria-labelledby": "cites-h" }, h("h2", { id: "cites-h" }, heading, h("span", { class: "count" }, String(d.citations.length))));
  if (!d.citations.length) {
    section.append(h("p", { class: "muted" }, "没有段落 / No passages."));
    return section;
  }
  const spans = answerSpans(d);
  section.append(
    h(
      "ol",
      { class: "cite-list" },
      d.citations.map((c, i) => renderCitation(c, i, spans)),
    ),
  );
  return section;
}

/** Every answer value span of a result (the answer and each compared part). */
function answerSpans(d) {
  if (d && d.abstained && d.guess && d.guess.span) return [d.guess.span];
  if (!d || d.abstained) return [];
  return [d.answer_span, ...(d.parts || []).map((p) => p.span)].filter(Boolean);
}

function renderCitation(c, i, spans) {
  const inside = spans.filter((s) => s.doc === c.doc && c.start <= s.start && s.end <= c.end);
  const regions = c.region ? c.region.split(",").filter(Boolean) : [];
  return h(
    "li",
    // The span a citation stands for, readable by scripts that check the page against the API.
    { class: `citation${inside.length ? " has-answer" : ""}`, "data-doc": c.doc, "data-start": c.start, "data-end": c.end },
    h(
      "div",
      { class: "cite-head" },
      h("span", { class: "cite-num", "aria-hidden": "true" }, String(i + 1)),
      h(
        "button",
        {
          type: "button",
          class: "cite-open",
          title: "打开原文 / Open the source",
          onclick: (e) => openReader(c.doc, { start: c.start, end: c.end }, e.currentTarget),
        },
        h("span", { class: "cite-title" }, c.title || c.doc),
        h("span", { class: "cite-go", "aria-hidden": "true" }, " ↗"),
        h("span", { class: "sr-only" }, " — 打开原文 / open source"),
      ),
    ),
    h(
      "div",
      { class: "cite-meta" },
      c.date ? h("span", {}, c.date) : null,
      regions.map((r) => h("span", { class: "chip" }, r)),
      h("span", { class: "score", title: "相关度 / Relevance score" }, `相关度 / Score ${c.score.toFixed(3)}`),
      h("span", { class: "docname" }, c.doc),
    ),
    c.section ? h("p", { class: "section-path" }, c.section.split(" > ").join(" › ")) : null,
    h("p", { class: "passage" }, markSpans(c.text, c.start, inside, "answer", tight)),
  );
}

/** text (which starts at offset `base` in its document) with the spans in <mark class=cls>. */
function markSpans(text, base, spans, cls, tidy = loose) {
  const out = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const a = Math.max(s.start - base, at);
    const b = Math.min(s.end - base, text.length);
    if (b <= a) continue;
    out.push(tidy(text.slice(at, a)), h("mark", { class: cls }, text.slice(a, b)));
    at = b;
  }
  out.push(tidy(text.slice(at)));
  return out;
}

// Scraped reports carry runs of blank lines: the reader keeps one paragraph break,
// a citation card (short, already framed) none.
const loose = (s) => s.replace(/\n{3,}/g, "\n\n");
const tight = (s) => s.replace(/\n{2,}/g, "\n");

// ---- source reader ---------------------------------------------------------------------

const docCache = new Map(); // doc name -> text; cleared when the corpus changes
let readerSeq = 0;
let readerOpener = null;

async function fetchDocument(doc) {
  if (!docCache.has(doc)) docCache.set(doc, await api(`/documents/${encodeURIComponent(doc)}`));
  return docCache.get(doc);
}

/** Open a report in the reader, scrolled to [span.start, span.end) when given. */
async function openReader(doc, span, opener) {
  const seq = ++readerSeq;
  const dialog = $("reader");
  readerOpener = opener || document.activeElement;
  $("reader-title").textContent = doc;
  $("reader-sub").textContent = "";
  $("reader-legend").hidden = true;
  $("reader-body").replaceChildren(h("p", { class: "muted" }, "加载中… / Loading…"));
  if (!dialog.open) dialog.showModal();
  try {
    const d = await fetchDocument(doc);
    if (seq !== readerSeq) return;
    $("reader-title").textContent = d.title || doc;
    $("reader-sub").textContent = [d.date, doc, `${d.text.length.toLocaleString()} 字 / chars`].filter(Boolean).join(" · ");
    $("reader-body").replaceChildren(...readerNodes(d.text, span, doc));
    $("reader-legend").hidden = !span;
    scrollToTarget();
  } catch (err) {
    if (seq !== readerSeq) return;
    $("reader-body").replaceChildren(errorBox(err, "无法打开原文 / Could not open the report"));
  }
}

/** The whole text; the cited span in <mark class=cite>, answer values inside it marked strongly. */
function readerNodes(text, span, doc) {
  if (!span) return [loose(text)];
  const start = Math.max(0, Math.min(span.start, text.length));
  const end = Math.max(start, Math.min(span.end, text.length));
  const inside = answerSpans(lastResult).filter((s) => s.doc === doc && start <= s.start && s.end <= end);
  return [
    loose(text.slice(0, start)),
    h("mark", { class: "cite", id: "reader-target" }, markSpans(text.slice(start, end), start, inside, "answer")),
    loose(text.slice(end)),
  ];
}

function scrollToTarget() {
  const target = $("reader-target");
  if (target) target.scrollIntoView({ block: "start" });
}

function initReader() {
  const dialog = $("reader");
  $("reader-close").addEventListener("click", () => dialog.close());
  $("reader-jump").addEventListener("click", scrollToTarget);
  // Escape closes a modal <dialog> natively; a click on the backdrop closes it too.
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", () => {
    readerSeq++;
    if (readerOpener && readerOpener.isConnected) readerOpener.focus();
    readerOpener = null;
  });
}

// ---- reports ---------------------------------------------------------------------------

let documents = [];

async function loadDocuments() {
  const status = $("docs-status");
  try {
    const data = await api("/documents");
    documents = data.documents;
    status.replaceChildren();
    renderDocuments();
    fillRegions();
  } catch (err) {
    status.replaceChildren(errorBox(err, "无法加载报告 / Could not load reports"));
  }
}

function renderDocuments() {
  $("docs-count").textContent = `${documents.length} 份 / reports`;
  const rows = documents.map((d) =>
    h(
      "tr",
      { "data-doc": d.doc },
      h(
        "td",
        { class: "title", "data-label": "标题 / Title" },
        h("button", { type: "button", class: "link doc-open", onclick: (e) => openReader(d.doc, null, e.currentTarget) }, d.title || d.doc),
        h("div", { class: "docname" }, `${d.doc} · ${d.fmt} · ${d.chars.toLocaleString()} 字 / chars`),
      ),
      h("td", { "data-label": "日期 / Date" }, d.date || "—"),
      h("td", { "data-label": "地区 / Regions" }, d.regions.length ? d.regions.join("、") : "—"),
      h("td", { class: "num", "data-label": "段落 / Passages" }, String(d.chunks)),
      h(
        "td",
        { class: "actions" },
        h(
          "button",
          { type: "button", class: "danger", "aria-label": `删除 / Delete ${d.title || d.doc}`, onclick: () => deleteDocument(d) },
          "删除 / Delete",
        ),
      ),
    ),
  );
  if (!rows.length) rows.push(h("tr", {}, h("td", { colspan: "5", class: "muted" }, "还没有报告 / No reports yet.")));
  $("docs-body").replaceChildren(...rows);
}

/** The region filter offers every region some report covers. */
function fillRegions() {
  const select = $("region");
  const current = select.value;
  const regions = [...new Set(documents.flatMap((d) => d.regions))].sort((a, b) => a.localeCompare(b, "zh-Hans-CN"));
  select.replaceChildren(h("option", { value: "" }, "全部 / All"), ...regions.map((r) => h("option", { value: r }, r)));
  select.value = regions.includes(current) ? current : "";
}

async function deleteDocument(d) {
  if (!confirm(`删除报告「${d.title || d.doc}」？\nDelete the report "${d.doc}"?`)) return;
  const status = $("docs-status");
  status.replaceChildren(h("span", { class: "spinner", "aria-hidden": "true" }), ...bi("正在删除并重建索引…", "Deleting and re-indexing…"));
  try {
    const data = await api(`/documents/${encodeURIComponent(d.doc)}`, { method: "DELETE", headers: authHeaders() });
    documents = data.documents;
    docCache.delete(d.doc);
    renderDocuments();
    fillRegions();
    loadHealth();
    status.replaceChildren(h("div", { class: "ok" }, `已删除 / Deleted: ${d.title || d.doc}`));
  } catch (err) {
    status.replaceChildren(errorBox(err, "删除失败 / Delete failed"));
  }
}

/** POST one file with upload progress (fetch cannot report it; XMLHttpRequest can). */
function uploadFile(file, onProgress, replace = false) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", replace ? "/documents?replace=true" : "/documents");
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.upload.addEventListener("load", () => onProgress(null)); // bytes sent: the server now indexes
    xhr.addEventListener("load", () => {
      if (xhr.status === 201) resolve(xhr.response);
      else reject(new ApiError(xhr.status, detailOf(xhr.response, xhr.status, xhr.statusText)));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "网络错误 / Network error")));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

let uploading = false;

function confirmReplace(name) {
  return confirm(
    `已有同名报告「${name}」。替换它吗？（原文会保留，可恢复）\n` +
      `A report named "${name}" already exists. Replace it? (Its current text is kept and can be restored.)`,
  );
}

async function uploadFiles(files) {
  if (uploading || !files.length) return;
  uploading = true;
  const box = $("upload-progress");
  const bar = $("upload-bar");
  const status = $("upload-status");
  const lines = [];
  status.replaceChildren();
  box.hidden = false;
  for (const file of files) {
    $("upload-name").textContent = file.name;
    bar.value = 0;
    const onProgress = (share) => {
      if (share === null) {
        bar.removeAttribute("value"); // indeterminate while the server re-indexes
        $("upload-phase").textContent = "索引中… / Indexing…";
      } else {
        bar.value = Math.round(share * 100);
        $("upload-phase").textContent = `上传 / Uploading ${bar.value}%`;
      }
    };
    try {
      let res;
      try {
        res = await uploadFile(file, onProgress);
      } catch (err) {
        // A report of that name exists: replacing it is the user's call, never a side effect.
        if (!(err instanceof ApiError && err.status === 409) || !confirmReplace(file.name)) throw err;
        bar.value = 0;
        res = await uploadFile(file, onProgress, true);
      }
      docCache.delete(res.document ? res.document.doc : file.name);
      const doc = res.document;
      lines.push(
        h(
          "div",
          { class: "ok" },
          `${res.replaced ? "已替换 / Replaced" : "已添加 / Added"}: ${doc ? doc.title || doc.doc : file.name}`,
          doc ? ` — ${doc.chunks} 段 / passages, ${res.embedded} 新嵌入 / newly embedded` : "",
        ),
      );
    } catch (err) {
      lines.push(errorBox(err, `上传失败 / Upload failed: ${file.name}`));
    }
    status.replaceChildren(...lines);
  }
  box.hidden = true;
  $("upload-phase").textContent = "";
  $("file-input").value = ""; // so the same file can be chosen again
  uploading = false;
  await loadDocuments();
  loadHealth();
}

function initUpload() {
  const key = $("api-key");
  key.value = sessionStorage.getItem(KEY_STORAGE) || "";
  key.addEventListener("input", () => sessionStorage.setItem(KEY_STORAGE, key.value));

  $("upload-form").addEventListener("submit", (e) => e.preventDefault());
  const input = $("file-input");
  input.addEventListener("change", () => uploadFiles([...input.files]));

  const zone = $("dropzone");
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    uploadFiles([...e.dataTransfer.files]);
  });
  // A file dropped beside the zone would otherwise make the browser navigate to it.
  for (const type of ["dragover", "drop"]) window.addEventListener(type, (e) => e.preventDefault());
}

// ---- start -----------------------------------------------------------------------------

async function loadHealth() {
  try {
    const d = await api("/healthz");
    $("health").textContent =
      d.status === "ok" ? `${d.documents} 份报告 · ${d.chunks} 段落 / ${d.documents} reports · ${d.chunks} passages · ${d.model}` : d.status;
  } catch {
    $("health").textContent = "服务不可用 / Service unavailable";
  }
}

function init() {
  initTabs();
  initReader();
  initUpload();
  const q = $("question");
  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    ask(q.value);
  });
  $("examples").replaceChildren(
    ...EXAMPLES.map((text) =>
      h(
        "button",
        {
          type: "button",
          class: "example",
          onclick: () => {
            q.value = text;
            ask(text);
          },
        },
        text,
      ),
    ),
  );
  // "/" jumps to the question box, as on most search pages.
  document.addEventListener("keydown", (e) => {
    const typing = e.target.closest && e.target.closest("input, textarea, select, [contenteditable]");
    if (e.key === "/" && !typing && !$("reader").open) {
      e.preventDefault();
      showView("ask");
      q.focus();
    }
  });
  loadDocuments();
  loadHealth();
  if (!location.hash) q.focus();
}

init();
