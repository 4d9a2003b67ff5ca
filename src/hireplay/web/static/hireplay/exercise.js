// The exercise sheet: a countdown for the preparation and the exercise, and a print button.
// Without JavaScript the sheet still shows both durations in words.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var timer = document.querySelector("[data-timer]");
  if (!timer) { return; }
  var phaseEl = timer.querySelector("[data-phase]");
  var remainingEl = timer.querySelector("[data-remaining]");
  var announce = timer.querySelector("[data-announce]");
  var pauseButton = timer.querySelector("[data-pause]");
  var minutes = { preparation: Number(timer.dataset.preparation || 0), exercise: Number(timer.dataset.duration || 0) };
  var names = { preparation: "Preparation", exercise: "Exercise" };
  var phase = null, endsAt = 0, left = 0, ticking = null;

  function show(seconds) {
    var s = Math.max(0, Math.round(seconds));
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    remainingEl.textContent = text;
    remainingEl.setAttribute("aria-label", "Time left: " + text);
    timer.classList.toggle("timer-low", s > 0 && s <= 60);
    timer.classList.toggle("timer-over", s === 0 && phase !== null);
  }

  function tick() {
    left = (endsAt - Date.now()) / 1000;
    show(left);
    var whole = Math.round(left);
    if (whole === 60) { announce.textContent = names[phase] + ": one minute left."; }
    if (left <= 0) {
      stop();
      announce.textContent = names[phase] + ": time is up.";
      phaseEl.textContent = names[phase] + " over";
    }
  }

  function stop() {
    if (ticking !== null) { clearInterval(ticking); ticking = null; }
  }

  function run(seconds) {
    stop();
    endsAt = Date.now() + seconds * 1000;
    ticking = setInterval(tick, 250);
    pauseButton.textContent = "Pause";
    tick();
  }

  timer.querySelectorAll("[data-start]").forEach(function (button) {
    button.addEventListener("click", function () {
      phase = button.dataset.start;
      phaseEl.textContent = names[phase];
      announce.textContent = names[phase] + " started: " + minutes[phase] + " minutes.";
      run(minutes[phase] * 60);
    });
  });
  pauseButton.addEventListener("click", function () {
    if (phase === null) { return; }
    if (ticking !== null) {
      stop();
      pauseButton.textContent = "Resume";
      phaseEl.textContent = names[phase] + " (paused)";
    } else if (left > 0) {
      phaseEl.textContent = names[phase];
      run(left);
    }
  });
})();
