// A record to edit (a CRM entry, an account plan, a segmentation), as a form made from the
// starting record (core/items/instruction_task.py, `record_form`). The answer is the edited
// record itself. Everything is built with DOM calls (no HTML from data).
(function () {
  const { el, move } = HP;
  const records = new WeakMap();
  let counter = 0;

  const clone = (v) => JSON.parse(JSON.stringify(v));
  const steps = (path) => (path ? path.split(".") : []);
  function get(rec, path) { return steps(path).reduce((v, k) => (v && typeof v === "object" ? v[k] : undefined), rec); }
  function set(rec, path, value) {
    const keys = steps(path);
    const last = keys.pop();
    const parent = keys.reduce((v, k) => v[k], rec);
    parent[last] = value;
  }
  function number(text) {
    const t = text.trim();
    if (!t) return null;
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;  // anything else is kept as typed
  }
  function summary(entry) {
    // The entry's values in the order of their names, as the server words them (record_form): a
    // record saved in PostgreSQL comes back with its keys in another order than it was sent.
    if (entry === null || typeof entry !== "object") return String(entry);
    return Object.keys(entry).sort().map((k) => entry[k])
      .filter((v) => v !== null && v !== "" && typeof v !== "object").join(" · ");
  }
  const uid = () => "rec" + (++counter);

  function field(fs, node, rec) {
    const id = uid();
    const wrap = el("div", { class: "record-field" });
    wrap.append(el("label", { for: id }, node.label));
    const value = get(rec, node.path);
    let input;
    if (node.input === "checkbox") {
      input = el("input", { id: id, type: "checkbox" });
      input.checked = Boolean(value);
      input.addEventListener("change", () => set(records.get(fs), node.path, input.checked));
    } else {
      const type = { date: "date", email: "email" }[node.input] || "text";
      input = el("input", { id: id, type: type, inputmode: node.input === "number" ? "decimal" : null, autocomplete: "off" });
      input.value = value === null || value === undefined ? "" : String(value);
      input.addEventListener("input", () => {
        const v = input.value;
        set(records.get(fs), node.path, node.input === "number" ? number(v) : (v === "" ? null : v));
      });
    }
    wrap.append(input);
    return wrap;
  }

  function reorder(fs, node, rec) {
    const box = el("fieldset", { class: "record-group" });
    box.append(el("legend", {}, node.label));
    box.append(el("p", { class: "small" }, HP.t("drag_hint")));
    const list = el("ol", { class: "reorder" });
    box.append(list);
    function draw(focus) {
      const entries = get(records.get(fs), node.path) || [];
      list.replaceChildren();
      entries.forEach((entry, i) => {
        const text = summary(entry);
        const li = el("li", { draggable: "true" });
        li.append(el("span", { class: "entry" }, text));
        const up = el("button", { type: "button", class: "small-button", "aria-label": HP.t("move_up", { entry: text }), disabled: i === 0 }, HP.t("up"));
        const down = el("button", { type: "button", class: "small-button", "aria-label": HP.t("move_down", { entry: text }), disabled: i === entries.length - 1 }, HP.t("down"));
        const go = (to, label) => {
          if (move(entries, i, to)) { draw(label); HP.changed(fs); }
        };
        up.addEventListener("click", () => go(i - 1, HP.t("move_up", { entry: text })));
        down.addEventListener("click", () => go(i + 1, HP.t("move_down", { entry: text })));
        li.addEventListener("dragstart", (e) => e.dataTransfer.setData("text/plain", String(i)));
        li.addEventListener("dragover", (e) => e.preventDefault());
        li.addEventListener("drop", (e) => {
          e.preventDefault();
          if (move(entries, Number(e.dataTransfer.getData("text/plain")), i)) { draw(); HP.changed(fs); }
        });
        li.append(up, down);
        list.append(li);
      });
      if (focus) {
        const b = Array.from(list.querySelectorAll("button")).find((x) => x.getAttribute("aria-label") === focus && !x.disabled);
        (b || list.querySelector("button:not([disabled])")).focus();
      }
    }
    draw();
    return box;
  }

  function buckets(fs, node, rec) {
    const box = el("fieldset", { class: "record-group" });
    box.append(el("legend", {}, node.label || HP.t("sort_entries")));
    const table = el("table", { class: "buckets" });
    const head = el("tr");
    head.append(el("th", { scope: "col" }, HP.t("entry")), el("th", { scope: "col" }, HP.t("list")));
    table.append(el("thead"));
    table.firstChild.append(head);
    const body = el("tbody");
    for (const entry of node.entries) {
      const id = uid();
      const row = el("tr");
      const th = el("th", { scope: "row" });
      th.append(el("label", { for: id }, entry));
      const select = el("select", { id: id });
      for (const b of node.buckets) select.append(el("option", { value: b.path }, b.label));
      const where = node.buckets.find((b) => (get(rec, b.path) || []).map(String).includes(entry));
      select.value = where ? where.path : node.buckets[node.buckets.length - 1].path;
      select.addEventListener("change", () => {
        const r = records.get(fs);
        for (const b of node.buckets) {
          const list = (get(r, b.path) || []).filter((e) => String(e) !== entry);
          if (b.path === select.value) list.push(entry);
          set(r, b.path, list);
        }
      });
      const cell = el("td");
      cell.append(select);
      row.append(th, cell);
      body.append(row);
    }
    table.append(body);
    box.append(table);
    return box;
  }

  function toggles(fs, node, rec) {
    const box = el("fieldset", { class: "record-group" });
    box.append(el("legend", {}, node.label));
    const on = (get(rec, node.path) || []).map(String);
    for (const option of node.options) {
      const id = uid();
      const row = el("div", { class: "choice" });
      const input = el("input", { id: id, type: "checkbox", value: option.id });
      input.checked = on.includes(option.id);
      input.addEventListener("change", () => {
        const picked = Array.from(box.querySelectorAll("input:checked")).map((i) => i.value);
        set(records.get(fs), node.path, node.options.map((o) => o.id).filter((o) => picked.includes(o)));
      });
      row.append(input, el("label", { for: id }, option.label));
      box.append(row);
    }
    return box;
  }

  function freeList(fs, node, rec) {
    const box = el("fieldset", { class: "record-group" });
    box.append(el("legend", {}, node.label));
    const list = el("ul", { class: "free-list" });
    const add = el("button", { type: "button", class: "small-button" }, HP.t("add_to", { list: node.label.toLowerCase() }));
    function draw() {
      const entries = get(records.get(fs), node.path) || [];
      list.replaceChildren();
      entries.forEach((entry, i) => {
        const id = uid();
        const li = el("li");
        const input = el("input", { id: id, type: "text", "aria-label": `${node.label} ${i + 1}` });
        input.value = entry === null ? "" : String(entry);
        input.addEventListener("input", () => { entries[i] = input.value; });
        const remove = el("button", { type: "button", class: "small-button", "aria-label": `${HP.t("remove")}: ${node.label} ${i + 1}` }, HP.t("remove"));
        remove.addEventListener("click", () => { entries.splice(i, 1); draw(); HP.changed(fs); add.focus(); });
        li.append(input, remove);
        list.append(li);
      });
    }
    add.addEventListener("click", () => {
      const r = records.get(fs);
      const entries = get(r, node.path) || [];
      entries.push("");
      set(r, node.path, entries);
      draw();
      list.querySelector("li:last-child input").focus();
    });
    draw();
    box.append(list, add);
    return box;
  }

  function build(fs, nodes, rec, into) {
    for (const node of nodes) {
      if (node.kind === "group") {
        const box = el("fieldset", { class: "record-group" });
        box.append(el("legend", {}, node.label));
        build(fs, node.children, rec, box);
        into.append(box);
      } else {
        into.append({ field, reorder, buckets, toggles, list: freeList }[node.kind](fs, node, rec));
      }
    }
  }

  function draw(fs, value) {
    const start = HP.data(fs, "start");
    const rec = value && typeof value === "object" && !Array.isArray(value) ? clone(value) : clone(start);
    records.set(fs, rec);
    const form = fs.querySelector(".record-form");
    form.replaceChildren();
    build(fs, HP.data(fs, "form"), rec, form);
  }

  HP.register("instruction_task", {
    setup(fs) { draw(fs, null); },
    read(fs) { return clone(records.get(fs)); },
    restore(fs, value) { draw(fs, value); },
  });
})();
