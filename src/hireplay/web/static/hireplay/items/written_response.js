// A written answer, with a word counter that uses the length the question asks for.
(function () {
  function count(fs) {
    const area = fs.querySelector("textarea");
    const out = fs.querySelector(".word-count");
    const text = area.value.trim();
    const n = text ? text.split(/\s+/).length : 0;
    const min = Number(out.dataset.min) || 0;
    const max = Number(out.dataset.max) || 0;
    let note = "";
    if (max && n > max) note = ` — ${n - max} over the ${max} asked for`;
    else if (min && n > 0 && n < min) note = ` — ${min - n} short of the ${min} asked for`;
    out.textContent = `${n} ${n === 1 ? "word" : "words"}${out.dataset.bounds}${note}`;
    out.classList.toggle("outside", note !== "");
  }
  HP.register("written_response", {
    setup(fs) { fs.querySelector("textarea").addEventListener("input", () => count(fs)); count(fs); },
    read(fs) { return fs.querySelector("textarea").value; },
    restore(fs, value) { fs.querySelector("textarea").value = typeof value === "string" ? value : ""; count(fs); },
  });
})();
