// The candidate's assessment page: saves every change at once, never loses an answer.
// Each save carries a sequence number that only grows (across reloads too), so the server keeps
// the newest answer whatever order saves arrive in. Saves that fail wait in localStorage and are
// sent again when the connection returns. The deadline is the server's; at zero the page submits.
(function () {
  "use strict";
  const form = document.getElementById("assessment");
  if (!form) return;
  const token = form.dataset.token;
  const saveUrl = form.dataset.saveUrl;
  const deadline = new Date(form.dataset.deadline).getTime();
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const status = document.getElementById("connection");
  const pendingKey = "hireplay-pending-" + token;
  const seqKey = "hireplay-seq-" + token;
  const saved = JSON.parse(document.getElementById("saved-answers").textContent);

  let seq = Math.max(Number(form.dataset.baseSeq) || 0, Number(localStorage.getItem(seqKey)) || 0);
  const nextSeq = () => { seq += 1; localStorage.setItem(seqKey, String(seq)); return seq; };
  const pending = () => JSON.parse(localStorage.getItem(pendingKey) || "{}");
  const setPending = (p) => localStorage.setItem(pendingKey, JSON.stringify(p));

  function say(text, kind) {
    status.textContent = text;
    status.className = "connection " + (kind || "");
  }

  function valueOf(fieldset) {
    const id = fieldset.dataset.item;
    switch (fieldset.dataset.type) {
      case "single_choice": {
        const c = fieldset.querySelector("input:checked");
        return c ? c.value : null;
      }
      case "multiple_response":
      case "error_spotting":
        return Array.from(fieldset.querySelectorAll("input[type=checkbox]:checked")).map((i) => i.value);
      case "situational_judgment": {
        const most = fieldset.querySelector(`input[name="${id}-most"]:checked`);
        const least = fieldset.querySelector(`input[name="${id}-least"]:checked`);
        const v = {};
        if (most) v.most = most.value;
        if (least) v.least = least.value;
        return Object.keys(v).length ? v : null;
      }
      case "numeric":
        return fieldset.querySelector("input").value;
      case "ranking": {
        const picks = Array.from(fieldset.querySelectorAll("select")).filter((s) => s.value)
          .sort((a, b) => Number(a.value) - Number(b.value)).map((s) => s.dataset.option);
        return picks.length ? picks : null;
      }
      case "instruction_task": {
        const area = fieldset.querySelector("textarea");
        const note = document.getElementById(id + "-record-status");
        try {
          const record = JSON.parse(area.value);
          note.textContent = "";
          return record;
        } catch (e) {
          note.textContent = "This is not valid JSON yet, so it is not saved. " + e.message;
          return undefined;
        }
      }
      case "written_response":
        return fieldset.querySelector("textarea").value;
    }
    return null;
  }

  function restore(fieldset, value) {
    const id = fieldset.dataset.item;
    const type = fieldset.dataset.type;
    if (type === "instruction_task") {
      const start = JSON.parse(document.getElementById("start-" + id).textContent);
      fieldset.querySelector("textarea").value = JSON.stringify(value === undefined ? start : value, null, 2);
      return;
    }
    if (value === undefined || value === null) return;
    if (type === "single_choice") {
      const c = fieldset.querySelector(`input[value="${CSS.escape(value)}"]`);
      if (c) c.checked = true;
    } else if (type === "multiple_response" || type === "error_spotting") {
      fieldset.querySelectorAll("input[type=checkbox]").forEach((i) => { i.checked = value.includes(i.value); });
    } else if (type === "situational_judgment") {
      for (const side of ["most", "least"]) {
        const r = value[side] && fieldset.querySelector(`input[name="${id}-${side}"][value="${CSS.escape(value[side])}"]`);
        if (r) r.checked = true;
      }
    } else if (type === "numeric") {
      fieldset.querySelector("input").value = value;
    } else if (type === "ranking") {
      value.forEach((option, i) => {
        const s = fieldset.querySelector(`select[data-option="${CSS.escape(option)}"]`);
        if (s) s.value = String(i + 1);
      });
    } else if (type === "written_response") {
      fieldset.querySelector("textarea").value = value;
      countWords(fieldset);
    }
  }

  function isText(element) {
    return element.tagName === "TEXTAREA" || (element.tagName === "INPUT" && !["radio", "checkbox"].includes(element.type));
  }

  function countWords(fieldset) {
    const area = fieldset.querySelector("textarea");
    const out = document.getElementById(fieldset.dataset.item + "-count");
    if (!area || !out) return;
    const n = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
    out.textContent = out.textContent.replace(/^\d+ words?/, n + (n === 1 ? " word" : " words"));
  }

  async function send(item, entry) {
    const response = await fetch(saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ item: item, value: entry.value, seq: entry.seq }),
      credentials: "same-origin",
    });
    if (response.ok) return "ok";
    const body = await response.json().catch(() => ({}));
    if (response.status === 409 && (body.state === "late" || body.state === "submitted")) return "closed";
    if (response.status >= 400 && response.status < 500) return "refused:" + (body.error || response.status);
    throw new Error("server error " + response.status);
  }

  let flushing = false;
  let again = false;
  async function flush() {
    if (flushing) { again = true; return; }
    flushing = true;
    try {
      do {
        again = false;
        const queue = pending();
        for (const item of Object.keys(queue)) {
          const entry = queue[item];
          const outcome = await send(item, entry);
          const now = pending();
          if (now[item] && now[item].seq === entry.seq) { delete now[item]; setPending(now); }
          if (outcome === "closed") { window.location.href = form.dataset.submitUrl.replace(/submit\/$/, "done/"); return; }
          if (outcome.startsWith("refused:")) say("An answer was refused: " + outcome.slice(8), "error");
        }
      } while (again || Object.keys(pending()).length);  // changes made while sending go out at once
      say("All answers saved.", "ok");
    } catch (e) {
      say("You are offline. Your answers are kept on this device and will be sent when the connection returns.", "offline");
    } finally {
      flushing = false;
    }
  }

  function changed(fieldset) {
    if (fieldset.dataset.type === "written_response") countWords(fieldset);
    const value = valueOf(fieldset);
    if (value === undefined) return;
    const queue = pending();
    queue[fieldset.dataset.item] = { value: value, seq: nextSeq() };
    setPending(queue);
    say("Saving…", "");
    flush();
  }

  document.querySelectorAll("fieldset.item").forEach((fieldset) => {
    const local = pending()[fieldset.dataset.item];
    restore(fieldset, local ? local.value : saved[fieldset.dataset.item]);
    // Text fields report every keystroke as "input"; choices and lists report "change" (once).
    fieldset.addEventListener("input", (event) => { if (isText(event.target)) changed(fieldset); });
    fieldset.addEventListener("change", (event) => { if (!isText(event.target)) changed(fieldset); });
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => say("You are offline. Your answers are kept on this device and will be sent when the connection returns.", "offline"));
  setInterval(flush, 5000);
  flush();

  // The server's deadline, counted down here; at zero, send what is pending and submit.
  const clock = document.getElementById("time-left");
  let announced = null;
  function tick() {
    const left = Math.max(0, deadline - Date.now());
    const minutes = Math.floor(left / 60000);
    const seconds = Math.floor((left % 60000) / 1000);
    clock.textContent = minutes + ":" + String(seconds).padStart(2, "0");
    if ((minutes === 5 || minutes === 1) && announced !== minutes) {
      announced = minutes;
      say(minutes + (minutes === 1 ? " minute" : " minutes") + " left.", "");
    }
    if (left <= 0) {
      clearInterval(timer);
      flush().finally(() => document.getElementById("submit-form").submit());
    }
  }
  const timer = setInterval(tick, 1000);
  tick();
})();
