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
    if (max && n > max) note = " — " + HP.t("words_over", { n: n - max, max: max });
    else if (min && n > 0 && n < min) note = " — " + HP.t("words_short", { n: min - n, min: min });
    out.textContent = (n === 1 ? HP.t("one_word") : HP.t("words", { n: n })) + out.dataset.bounds + note;
    out.classList.toggle("outside", note !== "");
  }
  HP.register("written_response", {
    setup(fs) { fs.querySelector("textarea").addEventListener("input", () => count(fs)); count(fs); },
    read(fs) { return fs.querySelector("textarea").value; },
    restore(fs, value) { fs.querySelector("textarea").value = typeof value === "string" ? value : ""; count(fs); },
  });
})();
