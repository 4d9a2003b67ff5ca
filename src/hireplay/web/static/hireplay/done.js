// The page after the assessment: sends any answer still waiting on this device (made before the
// end but not yet sent); the server keeps each as a late answer for the hiring team to review.
(function () {
  "use strict";
  // Times in the candidate's own time zone (the page states them in UTC without script).
  document.querySelectorAll("time.local-time").forEach((t) => {
    const when = new Date(t.getAttribute("datetime"));
    if (!Number.isNaN(when.getTime())) t.textContent = when.toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" });
  });
  const box = document.getElementById("waiting");
  if (!box) return;
  const token = box.dataset.token;
  const pendingKey = "hireplay-pending-" + token;
  const refusedKey = "hireplay-refused-" + token;
  const lateKey = "hireplay-late-" + token;
  const { load, store } = HP;
  const out = document.getElementById("waiting-status");
  async function send() {
    const queue = load(pendingKey);
    let sent = Number(localStorage.getItem(lateKey)) || 0;  // sent late by the assessment page itself
    for (const [item, entry] of Object.entries(queue)) {
      try {
        const { status, body } = await HP.postSave(box.dataset.saveUrl, item, entry);
        const now = load(pendingKey);
        delete now[item];
        store(pendingKey, now);
        if (status === 409 && body.kept) {
          sent += 1;
          localStorage.setItem(lateKey, String(sent));
        } else if (status !== 200) {  // not kept: the candidate is told why, below
          const refused = load(refusedKey);
          refused[item] = { value: entry.value, seq: entry.seq, reason: HP.refusal(status, body) };
          store(refusedKey, refused);
        }
      } catch (e) {
        out.textContent = HP.t("done_waiting");
        setTimeout(send, 5000);
        return;
      }
    }
    if (sent) {
      out.textContent = sent === 1 ? HP.t("done_one_late") : HP.t("done_some_late", { n: sent });
    }
    const refused = Object.values(load(refusedKey));
    if (refused.length) {
      const also = document.getElementById("refused-status");
      also.textContent = HP.t("done_refused", { n: refused.length, reasons: refused.map((r) => r.reason).join("; ") });
    }
  }
  window.addEventListener("online", send);
  send();
})();
