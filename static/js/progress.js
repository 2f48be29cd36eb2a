// Campaign page: poll the progress counts while a worker generates or files letters, and
// reload the page once, when the counts stop changing after having moved (no inline script:
// the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("campaign-progress");
  if (!box) return;
  const url = box.getAttribute("data-progress-url");
  let last = `${box.dataset.generated}/${box.dataset.filed}`;
  let moved = false;
  let quiet = 0;
  const update = (counts) => {
    for (const [name, id] of [["generated", "generation-progress"], ["filed", "filing-progress"]]) {
      const bar = document.getElementById(id);
      if (bar) { bar.max = counts.total; bar.value = counts[name]; }
      const text = box.querySelector(`[data-count='${name}']`);
      if (text) text.textContent = counts[name];
    }
  };
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const counts = await response.json();
      update(counts);
      const now = `${counts.generated}/${counts.filed}`;
      if (now !== last) { moved = true; quiet = 0; last = now; } else { quiet += 1; }
      if (moved && quiet >= 2) { window.location.reload(); return; }
    } catch (error) { quiet += 1; }
    if (quiet < 150) window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 1000);
});
