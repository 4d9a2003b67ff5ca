HP.register("single_choice", {
  read(fs) { const c = fs.querySelector("input:checked"); return c ? c.value : null; },
  restore(fs, value) {
    fs.querySelectorAll("input[type=radio]").forEach((i) => { i.checked = i.value === value; });
  },
});
