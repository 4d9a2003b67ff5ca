// The registry of item widgets on the candidate's page. Each item type has one script in items/
// that registers how its answer is read from the page and shown again:
//   HP.register(type, {setup(fieldset, view), read(fieldset), restore(fieldset, value)})
// `read` returns the answer to save, null when there is none, or throws HP.NotYet(reason) when what
// is on the page cannot be saved yet (the reason is shown beside the question).
(function () {
  "use strict";
  class NotYet extends Error {}
  const types = {};
  const textNode = document.getElementById("page-text");
  const texts = textNode ? JSON.parse(textNode.textContent) : {};
  window.HP = {
    NotYet: NotYet,
    // The page's words in the candidate's language (from the server), with {name} filled in.
    t(key, vars) {
      let text = texts[key] || key;
      for (const [k, v] of Object.entries(vars || {})) text = text.split("{" + k + "}").join(String(v));
      return text;
    },
    types: types,
    register(type, widget) { types[type] = widget; },
    // A widget that changes its answer by a button or a drag (no input event) says so here.
    changed(fieldset) { fieldset.dispatchEvent(new CustomEvent("hp-change", { bubbles: false })); },
    el(tag, attrs, text) {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (v === false || v === null || v === undefined) continue;
        node.setAttribute(k, v === true ? "" : String(v));
      }
      if (text !== undefined) node.textContent = text;
      return node;
    },
    data(fieldset, name) {
      const node = document.getElementById(name + "-" + fieldset.dataset.item);
      return node ? JSON.parse(node.textContent) : null;
    },
    // The device's copy of waiting, refused and late answers (localStorage), as objects.
    load(key) {
      try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
    },
    store(key, value) { localStorage.setItem(key, JSON.stringify(value)); },
    // Send one answer; {status, body}. Throws when there is no answer from the server (offline) or
    // the server failed (5xx), so that the caller keeps the answer waiting.
    async postSave(url, item, entry) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ item: item, value: entry.value, seq: entry.seq, at: entry.at }),
        credentials: "same-origin",
      });
      if (response.status >= 500) throw new Error("server error " + response.status);
      const body = await response.json().catch(() => ({}));
      return { status: response.status, body: body };
    },
    // The reason a refused save gives, in the candidate's words.
    refusal(status, body) { return status === 413 ? HP.t("too_long") : (body.error || HP.t("refused")); },
    // Move an element of a list one place (by buttons) and keep the focus on the moved control.
    move(list, from, to) {
      if (to < 0 || to >= list.length || from === to) return false;
      const [entry] = list.splice(from, 1);
      list.splice(to, 0, entry);
      return true;
    },
  };
})();
