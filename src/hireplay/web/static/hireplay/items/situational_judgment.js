// Most and least effective: one response each, never the same one (its radio in the other
// column is disabled while it is picked).
(function () {
  function exclude(fs) {
    const id = fs.dataset.item;
    for (const [side, other] of [["most", "least"], ["least", "most"]]) {
      const picked = fs.querySelector(`input[name="${id}-${side}"]:checked`);
      fs.querySelectorAll(`input[name="${id}-${other}"]`).forEach((r) => {
        r.disabled = Boolean(picked) && r.value === picked.value;
      });
    }
  }
  HP.register("situational_judgment", {
    // A pick made before this script ran (a fast keyboard on a slow machine) counts too.
    setup(fs) { fs.addEventListener("change", () => exclude(fs)); exclude(fs); },
    read(fs) {
      const id = fs.dataset.item;
      const v = {};
      for (const side of ["most", "least"]) {
        const r = fs.querySelector(`input[name="${id}-${side}"]:checked`);
        if (r) v[side] = r.value;
      }
      return Object.keys(v).length ? v : null;
    },
    restore(fs, value) {
      const id = fs.dataset.item;
      for (const side of ["most", "least"]) {
        fs.querySelectorAll(`input[name="${id}-${side}"]`).forEach((r) => {
          r.checked = Boolean(value) && value[side] === r.value;
        });
      }
      exclude(fs);
    },
  });
})();
