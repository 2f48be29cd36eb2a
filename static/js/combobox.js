// A long <select> inside `.field.combobox` becomes a text box that suggests its options as you
// type (a native <input list> with a <datalist>: the browser gives it the combobox role and the
// keyboard handling). The select stays in the form, hidden, and carries the value submitted, so
// the page works the same without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".field.combobox select").forEach((select) => {
    const input = document.createElement("input");
    const list = document.createElement("datalist");
    input.type = "text";
    input.id = `${select.id}-search`;
    input.autocomplete = "off";
    input.setAttribute("list", (list.id = `${select.id}-options`));
    for (const name of ["aria-describedby", "aria-invalid"]) {
      if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
    }
    const byText = new Map();
    for (const option of select.options) {
      if (!option.value) continue; // the "choose one" placeholder
      if (!byText.has(option.text)) byText.set(option.text, option.value);
      list.append(new Option(option.text));
    }
    if (select.value) input.value = select.selectedOptions[0].text;
    // A text that names no agency submits no agency, and the form says so.
    input.addEventListener("input", () => { select.value = byText.get(input.value) || ""; });
    const label = document.querySelector(`label[for="${select.id}"]`);
    if (label) label.htmlFor = input.id;
    const hadFocus = document.activeElement === select; // site.js focuses a field in error
    select.hidden = true;
    select.after(input, list);
    if (hadFocus) input.focus();
  });
});

// A text box of `.field.combobox` with a <datalist data-suggest="URL">: the agencies are too many
// to send with the page, so the list is filled as you type with the names the URL returns for
// ?q=. Without JavaScript it is a text box, and the server matches what was typed.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".field.combobox input[list]").forEach((input) => {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list || !list.dataset.suggest) return;
    let timer, asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const typed = input.value.trim();
        if (typed.length < 2 || typed === asked) return;
        asked = typed;
        const url = `${list.dataset.suggest}?q=${encodeURIComponent(typed)}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok || asked !== typed) return; // a later keystroke asked since
        list.replaceChildren(...(await response.json()).map((name) => new Option(name)));
      }, 150);
    });
  });
});
