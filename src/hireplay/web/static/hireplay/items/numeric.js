HP.register("numeric", {
  read(fs) { return fs.querySelector("input").value; },
  restore(fs, value) { fs.querySelector("input").value = value === null || value === undefined ? "" : String(value); },
});
