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
  const load = (key) => { try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; } };
  const out = document.getElementById("waiting-status");
  async function send() {
    const queue = load(pendingKey);
    let sent = Number(localStorage.getItem(lateKey)) || 0;  // sent late by the assessment page itself
    for (const [item, entry] of Object.entries(queue)) {
      try {
        const response = await fetch(box.dataset.saveUrl, {
          method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({ item: item, value: entry.value, seq: entry.seq, at: entry.at }),
        });
        if (response.status >= 500) throw new Error("server error");
        const body = await response.json().catch(() => ({}));
        const now = load(pendingKey);
        delete now[item];
        localStorage.setItem(pendingKey, JSON.stringify(now));
        if (response.status === 409) {
          sent += 1;
          localStorage.setItem(lateKey, String(sent));
        } else if (response.status === 400 || response.status === 413) {
          const refused = load(refusedKey);
          refused[item] = { value: entry.value, seq: entry.seq, reason: body.error || "refused" };
          localStorage.setItem(refusedKey, JSON.stringify(refused));
        }
      } catch (e) {
        out.textContent = "Some answers made on this device have not reached us yet. Keep this page open; it tries again when the connection returns.";
        setTimeout(send, 5000);
        return;
      }
    }
    if (sent) {
      out.textContent = `${sent === 1 ? "One answer that was" : sent + " answers that were"} waiting on this device ${sent === 1 ? "was" : "were"} sent after the end. ${sent === 1 ? "It is" : "They are"} kept, marked late, for the hiring team to review.`;
    }
    const refused = Object.values(load(refusedKey));
    if (refused.length) {
      const also = document.getElementById("refused-status");
      also.textContent = `${refused.length === 1 ? "One answer was" : refused.length + " answers were"} not saved during the assessment: ${refused.map((r) => r.reason).join("; ")}.`;
    }
  }
  window.addEventListener("online", send);
  send();
})();
