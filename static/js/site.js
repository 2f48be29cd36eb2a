// Small progressive enhancements; the site works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Focus the first field with an error so keyboard and screen-reader users land on it.
  const invalid = document.querySelector("[aria-invalid='true']");
  if (invalid) invalid.focus();
  // Buttons that ask for confirmation before a destructive action.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
});
