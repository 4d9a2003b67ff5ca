HP.register("multiple_response", {
  read(fs) { return Array.from(fs.querySelectorAll("input[type=checkbox]:checked")).map((i) => i.value); },
  restore(fs, value) {
    const picked = Array.isArray(value) ? value : [];
    fs.querySelectorAll("input[type=checkbox]").forEach((i) => { i.checked = picked.includes(i.value); });
  },
});
