// Sortable tables of facts: a column heading is a button; pressing it sorts by that column
// (ascending, then descending), announced through aria-sort. Empty cells sort last.
(function () {
  "use strict";
  document.querySelectorAll("table.sortable").forEach((table) => {
    const heads = Array.from(table.querySelectorAll("thead th"));
    heads.forEach((th, index) => {
      th.querySelector("button.sort").addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        const numeric = ["number", "money"].includes(th.dataset.kind);
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const key = (row) => row.cells[index].dataset.value;
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          if (x === "" || y === "") return (x === "") - (y === "");
          const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
          return ascending ? order : -order;
        });
        body.replaceChildren(...rows);
        heads.forEach((other) => other.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  });
})();
