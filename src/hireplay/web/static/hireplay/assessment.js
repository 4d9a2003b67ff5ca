// The candidate's assessment page: every change is saved at once and never lost (docs/candidates.md).
//
// - Time is the server's: the page learns the offset of the server's clock from every reply and
//   counts down to the server's deadline, so a computer clock that is wrong changes nothing.
// - Each change gets a sequence number from the server's time (in microseconds, always growing in
//   this window), so the latest change wins whichever window it was made in. A window that is
//   out of date is told so and shows the answer that is kept.
// - A change waits on the device (localStorage) until the server has answered. What the server
//   refuses is kept on the device and shown beside its question with the reason; nothing is
//   dropped without the candidate being told.
// - Submitting (by the button or at zero) first sends everything that is waiting.
(function () {
  "use strict";
  const form = document.getElementById("assessment");
  if (!form) return;
  form.addEventListener("submit", (event) => event.preventDefault()); // answers go by autosave, never a form post
  const d = form.dataset;
  const pendingKey = "hireplay-pending-" + d.token;
  const refusedKey = "hireplay-refused-" + d.token;
  const seqKey = "hireplay-seq-" + d.token;
  const lateKey = "hireplay-late-" + d.token;
  const status = document.getElementById("connection");
  const warning = document.getElementById("time-warning");
  const clock = document.getElementById("time-left");
  const stored = JSON.parse(document.getElementById("saved-answers").textContent);
  const questions = JSON.parse(document.getElementById("questions").textContent);
  const fieldsets = Array.from(document.querySelectorAll("fieldset.item"));
  const byItem = Object.fromEntries(fieldsets.map((f) => [f.dataset.item, f]));

  let offset = Number(d.serverNow) - Date.now();
  let deadline = Number(d.deadline);
  const serverNow = () => Date.now() + offset;
  function learnClock(serverMs, sentAt) {
    if (!Number.isFinite(serverMs)) return;
    const receivedAt = Date.now();
    if (receivedAt - sentAt < 5000) offset = serverMs - (sentAt + receivedAt) / 2;
  }

  const { load, store } = HP;
  // Changes waiting for the server. They live on the device (localStorage); when the device's
  // storage is full they are held in the page instead while they are sent.
  let memoryPending = null;
  const loadPending = () => (memoryPending ? { ...memoryPending } : load(pendingKey));
  function storePending(queue) {
    try {
      store(pendingKey, queue);
      memoryPending = null;
      return true;
    } catch (e) {
      memoryPending = queue;
      return false;
    }
  }
  const known = {};  // item -> the sequence number of the answer this window shows
  for (const [item, s] of Object.entries(stored)) known[item] = s.seq;
  let lastSeq = Number(localStorage.getItem(seqKey)) || 0;
  function nextSeq() {
    // Above every number this browser gave out, in any window (the shared store), not only this
    // window's: another window's clock estimate may run a little ahead of this one's.
    const shared = Number(localStorage.getItem(seqKey)) || 0;
    lastSeq = Math.max(lastSeq + 1, shared + 1, Math.floor(serverNow()) * 1000);
    localStorage.setItem(seqKey, String(lastSeq));
    return lastSeq;
  }

  function say(text, kind) {
    status.textContent = text;
    status.className = "connection " + (kind || "");
  }
  function note(item, text, kind) {
    const out = document.getElementById(item + "-status");
    if (!out) return;
    out.textContent = text;
    out.className = "item-status " + (kind || "");
  }
  function widget(fs) { return HP.types[fs.dataset.type]; }
  function show(fs, value) { widget(fs).restore(fs, value); }

  // ----- saving -----
  async function send(item, entry) {
    const sentAt = Date.now();
    const reply = await HP.postSave(d.saveUrl, item, entry);
    learnClock(reply.body.now, sentAt);
    return reply;
  }

  // A refused answer stays on the device with its reason until the candidate changes it.
  function keepRefused(item, entry, reason) {
    const refused = load(refusedKey);
    refused[item] = { value: entry.value, seq: entry.seq, reason: reason };
    store(refusedKey, refused);
  }

  let running = null;
  let again = false;
  function flush() {
    if (running) { again = true; return running; }
    running = (async () => {
      await null;  // so that `running` is set before this body can finish and clear it
      try {
        do {
          again = false;
          const queue = loadPending();
          for (const item of Object.keys(queue)) {
            const entry = queue[item];
            const { status: code, body } = await send(item, entry);
            const now = loadPending();
            const latest = now[item] && now[item].seq === entry.seq;
            if (code === 200 && body.result === "saved") {
              if (latest) { delete now[item]; storePending(now); note(item, ""); }
              known[item] = Math.max(known[item] || 0, entry.seq);
            } else if (code === 200 && body.result === "stale") {
              if (latest) {
                delete now[item]; storePending(now);
                if (body.stored && byItem[item]) {
                  show(byItem[item], body.stored.value);
                  known[item] = body.stored.seq;
                  note(item, HP.t("other_window_stale"), "warn");
                }
              }
            } else if (code === 409 && (body.state === "late" || body.state === "submitted")) {
              if (latest) {
                delete now[item]; storePending(now);
                if (body.kept) {  // kept aside by the server as a late answer; the next page says so
                  localStorage.setItem(lateKey, String((Number(localStorage.getItem(lateKey)) || 0) + 1));
                } else {  // not kept: told on the next page with the reason
                  keepRefused(item, entry, HP.refusal(code, body));
                }
              }
              closed = true;
            } else if (code === 400 || code === 413) {
              if (latest) {
                delete now[item]; storePending(now);
                keepRefused(item, entry, HP.refusal(code, body));
              }
              note(item, HP.t("not_saved", { reason: HP.refusal(code, body) }), "error");
            } else {
              throw new Error(body.error || "refused " + code);
            }
          }
        } while (again || (!closed && Object.keys(loadPending()).length));
        report();
      } catch (e) {
        say(navigator.onLine === false || e instanceof TypeError
          ? HP.t("offline")
          : HP.t("unsaved_error", { reason: e.message }), "offline");
      } finally {
        running = null;
      }
      if (closed) await finish(true);
    })();
    return running;
  }
  let closed = false;

  function report() {
    const refused = Object.keys(load(refusedKey));
    if (refused.length) {
      say(refused.length === 1 ? HP.t("one_refused") : HP.t("some_refused", { n: refused.length }), "error");
    } else if (!Object.keys(loadPending()).length) {
      say(HP.t("saved"), "ok");
    }
  }

  function changed(fs) {
    const item = fs.dataset.item;
    let value;
    try {
      value = widget(fs).read(fs);
    } catch (e) {
      if (e instanceof HP.NotYet) { note(item, HP.t("not_yet", { reason: e.message }), "warn"); return; }
      throw e;
    }
    if (value === null || value === undefined) return;
    const refused = load(refusedKey);
    if (refused[item]) { delete refused[item]; store(refusedKey, refused); }
    note(item, "");
    const queue = loadPending();
    queue[item] = { value: value, seq: nextSeq(), at: Math.floor(serverNow()) };
    if (!storePending(queue)) note(item, HP.t("device_full"), "warn");
    answered.add(item);
    say(HP.t("saving"), "");
    flush();
  }

  // ----- the answers another window made -----
  async function sync() {
    const sentAt = Date.now();
    try {
      const response = await fetch(d.stateUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      const body = await response.json();
      learnClock(body.now, sentAt);
      if (!response.ok) return;
      if (Number.isFinite(body.deadline)) deadline = body.deadline;
      if (body.submitted) { await finish(true); return; }
      const waiting = loadPending();
      for (const [item, s] of Object.entries(body.answers || {})) {
        answered.add(item);
        if (!byItem[item] || waiting[item] || s.seq <= (known[item] || 0)) continue;
        show(byItem[item], s.value);
        known[item] = s.seq;
        note(item, HP.t("other_window"), "warn");
      }
    } catch (e) { /* offline: the countdown carries on with the last known offset */ }
  }

  // ----- submitting -----
  let finishing = null;
  function finish(automatic) {
    if (finishing) return finishing;
    finishing = (async () => {
      say(automatic ? HP.t("time_up_sending") : HP.t("sending"), "");
      back();
      sendSignals(true);
      for (let tries = 0; ; tries++) {
        if (!closed) await flush();
        const body = new URLSearchParams(automatic ? { automatic: "1" } : {});
        try {
          const sentAt = Date.now();
          const response = await fetch(d.submitUrl, { method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin" });
          const reply = await response.json().catch(() => ({}));
          learnClock(reply.now, sentAt);
          if (response.status === 409 && reply.state === "running") {
            deadline = reply.deadline;
            say(HP.t("not_up"), "");
            return;
          }
          if (response.ok && reply.done) { window.location.href = reply.done; return; }
          throw new Error(reply.error || "submit refused " + response.status);
        } catch (e) {
          say(HP.t("submit_offline"), "offline");
          await new Promise((r) => setTimeout(r, Math.min(10000, 2000 * (tries + 1))));
        }
      }
    })().finally(() => { finishing = null; });
    return finishing;
  }

  const answered = new Set(questions.filter((q) => q.answered).map((q) => q.id));
  Object.keys(loadPending()).forEach((i) => answered.add(i));
  const dialog = document.getElementById("submit-dialog");
  document.getElementById("submit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const open = questions.filter((q) => !answered.has(q.id));
    const list = document.getElementById("unanswered");
    list.replaceChildren(...open.map((q) => HP.el("li", {}, `${q.title} (${HP.t("section", { n: q.section })})`)));
    document.getElementById("unanswered-count").textContent = open.length
      ? (open.length === 1 ? HP.t("one_unanswered") : HP.t("some_unanswered", { n: open.length }))
      : HP.t("all_answered");
    dialog.showModal();
  });
  document.getElementById("submit-confirm").addEventListener("click", () => { dialog.close(); finish(false); });
  document.getElementById("submit-cancel").addEventListener("click", () => dialog.close());

  // ----- the page -----
  for (const fs of fieldsets) {
    const w = widget(fs);
    if (!w) { note(fs.dataset.item, HP.t("cannot_show"), "error"); continue; }
    if (w.setup) w.setup(fs);
    const item = fs.dataset.item;
    const local = loadPending()[item];
    const refused = load(refusedKey)[item];
    if (local) show(fs, local.value);
    else if (refused) {
      show(fs, refused.value);
      note(item, HP.t("not_saved", { reason: refused.reason }), "error");
    } else if (stored[item]) show(fs, stored[item].value);
    const text = (t) => t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && !["radio", "checkbox"].includes(t.type));
    fs.addEventListener("input", (e) => { if (text(e.target)) changed(fs); });
    fs.addEventListener("change", (e) => { if (!text(e.target)) changed(fs); });
    fs.addEventListener("hp-change", () => changed(fs));
  }
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => say(HP.t("offline"), "offline"));
  document.addEventListener("visibilitychange", () => { if (!document.hidden) { flush(); sync(); } });
  window.addEventListener("focus", sync);
  setInterval(() => { if (Object.keys(loadPending()).length) flush(); }, 5000);
  setInterval(sync, 30000);
  flush();
  report();

  // ----- integrity signals: facts for the hiring team, never a verdict (docs/candidates.md) -----
  const signals = [];
  const firstAnswered = new Set();
  let lastAnswerAt = performance.now();
  function signal(kind, item, amount) {
    signals.push({ kind: kind, item: item || "", amount: Math.max(0, Math.round(amount)) });
  }
  function sendSignals(beacon) {
    if (!signals.length) return;
    const body = JSON.stringify({ signals: signals.splice(0, 50) });
    if (beacon && navigator.sendBeacon) { navigator.sendBeacon(d.signalsUrl, new Blob([body], { type: "application/json" })); return; }
    fetch(d.signalsUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: body, credentials: "same-origin" })
      .catch(() => {});  // a signal lost to a dropped connection is not worth the candidate's attention
  }
  for (const fs of fieldsets) {
    fs.addEventListener("paste", (e) => {
      const text = e.clipboardData ? e.clipboardData.getData("text") : "";
      if (text) signal("paste", fs.dataset.item, text.length);
    });
    const first = () => {
      const item = fs.dataset.item;
      if (firstAnswered.has(item) || stored[item]) return;
      firstAnswered.add(item);
      const now = performance.now();
      signal("quick", item, now - lastAnswerAt);
      lastAnswerAt = now;
    };
    fs.addEventListener("change", first);
    fs.addEventListener("input", first);
    fs.addEventListener("hp-change", first);
  }
  let awaySince = null;
  function away() { if (awaySince === null) awaySince = performance.now(); }
  function back() {
    if (awaySince === null || document.hidden || !document.hasFocus()) return;
    signal("away", "", performance.now() - awaySince);
    awaySince = null;
  }
  document.addEventListener("visibilitychange", () => { if (document.hidden) { away(); sendSignals(true); } else back(); });
  window.addEventListener("blur", away);
  window.addEventListener("focus", back);
  window.addEventListener("pagehide", () => sendSignals(true));
  setInterval(() => sendSignals(false), 10000);

  // The countdown to the server's deadline; warnings at 5 and 1 minutes; at zero, submit.
  let warned = null;
  function tick() {
    const left = Math.max(0, deadline - serverNow());
    const minutes = Math.floor(left / 60000);
    const seconds = Math.floor((left % 60000) / 1000);
    clock.textContent = minutes + ":" + String(seconds).padStart(2, "0");
    clock.setAttribute("datetime", "PT" + minutes + "M" + seconds + "S");
    for (const mark of [5, 1]) {
      if (left <= mark * 60000 && left > (mark - 1) * 60000 && warned !== mark && left > 0) {
        warned = mark;
        warning.textContent = mark === 1 ? HP.t("one_minute") : HP.t("five_minutes");
      }
    }
    if (left <= 0 && !finishing) finish(true);
  }
  setInterval(tick, 1000);
  tick();
})();
