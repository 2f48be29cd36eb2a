// The log-a-reply form: show only the fields the chosen reply type needs. A progressive
// enhancement: without JavaScript every type's fieldset shows, each under its types' names.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-reply-form]").forEach((form) => {
    const kind = form.querySelector("select[name=kind]");
    const groups = form.querySelectorAll("fieldset[data-kinds]");
    if (!kind) return;
    const show = () => {
      groups.forEach((group) => {
        const other = !group.getAttribute("data-kinds").split(" ").includes(kind.value);
        group.hidden = other;
        // A hidden type's fields are not sent: they do not apply to this reply.
        group.disabled = other;
      });
    };
    kind.addEventListener("change", show);
    show();
  });
});
