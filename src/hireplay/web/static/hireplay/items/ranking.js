// Ranking. A top-k ranking shows k places, each a list of the options; an option placed in one
// place cannot be chosen in another, and the places fill from the first. A full ranking is a list
// to put in order, with Up and Down buttons (keyboard) and drag and drop (mouse and touch); it
// counts as answered once the candidate moves an option or confirms the order as it stands.
(function () {
  const { el, move } = HP;
  const state = new WeakMap();

  function options(fs) { return HP.data(fs, "options"); }

  function refreshSlots(fs) {
    const selects = Array.from(fs.querySelectorAll("select.slot"));
    const taken = selects.map((s) => s.value).filter(Boolean);
    selects.forEach((s) => {
      Array.from(s.options).forEach((o) => { o.disabled = Boolean(o.value) && o.value !== s.value && taken.includes(o.value); });
    });
  }

  function drawList(fs) {
    const st = state.get(fs);
    const list = fs.querySelector("ol.reorder");
    const byId = Object.fromEntries(options(fs).map((o) => [o.id, o.text]));
    list.replaceChildren();
    st.order.forEach((id, i) => {
      const li = el("li", { draggable: "true", "data-id": id });
      li.append(el("span", { class: "entry" }, byId[id]));
      const up = el("button", { type: "button", class: "small-button", "aria-label": HP.t("move_up", { entry: byId[id] }), disabled: i === 0 }, HP.t("up"));
      const down = el("button", { type: "button", class: "small-button", "aria-label": HP.t("move_down", { entry: byId[id] }),
        disabled: i === st.order.length - 1 }, HP.t("down"));
      up.addEventListener("click", () => shift(fs, i, i - 1, HP.t("move_up", { entry: byId[id] })));
      down.addEventListener("click", () => shift(fs, i, i + 1, HP.t("move_down", { entry: byId[id] })));
      li.addEventListener("dragstart", (e) => { e.dataTransfer.setData("text/plain", String(i)); });
      li.addEventListener("dragover", (e) => e.preventDefault());
      li.addEventListener("drop", (e) => { e.preventDefault(); shift(fs, Number(e.dataTransfer.getData("text/plain")), i); });
      li.append(up, down);
      list.append(li);
    });
    fs.querySelector(".order-state").textContent = st.answered ? HP.t("order_saved") : HP.t("order_not_answered");
  }

  function shift(fs, from, to, focusLabel) {
    const st = state.get(fs);
    if (!move(st.order, from, to) && st.answered) return;
    st.answered = true;
    drawList(fs);
    if (focusLabel) {
      const again = Array.from(fs.querySelectorAll("ol.reorder button")).find((b) => b.getAttribute("aria-label") === focusLabel && !b.disabled);
      (again || fs.querySelector("ol.reorder button:not([disabled])")).focus();
    }
    HP.changed(fs);
  }

  HP.register("ranking", {
    setup(fs) {
      if (fs.querySelector("ol.reorder")) {
        state.set(fs, { order: options(fs).map((o) => o.id), answered: false });
        fs.querySelector("button.keep-order").addEventListener("click", () => {
          state.get(fs).answered = true; drawList(fs); HP.changed(fs);
        });
        drawList(fs);
      } else {
        fs.addEventListener("change", () => refreshSlots(fs));
      }
    },
    read(fs) {
      if (fs.querySelector("ol.reorder")) {
        const st = state.get(fs);
        return st.answered ? st.order.slice() : null;
      }
      const picks = Array.from(fs.querySelectorAll("select.slot")).map((s) => s.value);
      const last = picks.map(Boolean).lastIndexOf(true);
      if (last < 0) return null;
      const gap = picks.slice(0, last).indexOf("");
      if (gap >= 0) throw new HP.NotYet(HP.t("fill_in_order", { n: gap + 1 }));
      return picks.slice(0, last + 1);
    },
    restore(fs, value) {
      const picks = Array.isArray(value) ? value : [];
      if (fs.querySelector("ol.reorder")) {
        const ids = options(fs).map((o) => o.id);
        const order = picks.filter((id) => ids.includes(id));
        ids.forEach((id) => { if (!order.includes(id)) order.push(id); });
        state.set(fs, { order: order, answered: picks.length > 0 });
        drawList(fs);
        return;
      }
      fs.querySelectorAll("select.slot").forEach((s, i) => { s.value = picks[i] || ""; });
      refreshSlots(fs);
    },
  });
})();
