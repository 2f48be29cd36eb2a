// Drag and drop for file inputs inside [data-dropzone]: a progressive enhancement; the plain
// file input (with `multiple`) works without it. Our own code: no CDN, no inline script.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-dropzone]").forEach((zone) => {
    const input = zone.querySelector("input[type=file]");
    const list = zone.querySelector(".dropzone-list");
    if (!input) return;
    const show = () => {
      if (!list) return;
      list.replaceChildren();
      Array.from(input.files).forEach((file) => {
        const item = document.createElement("li");
        item.textContent = `${file.name} (${Math.ceil(file.size / 1024)} KB)`;
        list.appendChild(item);
      });
    };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach((name) =>
      zone.addEventListener(name, (event) => {
        event.preventDefault();
        zone.classList.add("is-over");
      }),
    );
    ["dragleave", "drop"].forEach((name) =>
      zone.addEventListener(name, () => zone.classList.remove("is-over")),
    );
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      const dropped = event.dataTransfer && event.dataTransfer.files;
      if (!dropped || !dropped.length) return;
      // Keep what was chosen before and add what was dropped.
      const merged = new DataTransfer();
      Array.from(input.files).forEach((file) => merged.items.add(file));
      Array.from(dropped).forEach((file) => merged.items.add(file));
      input.files = merged.files;
      show();
    });
  });
});
