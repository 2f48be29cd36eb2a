// The deadline calculator: a federal law applies to federal agencies only, so choosing the
// United States offers "Federal agency" as the only level (the server does the same on submit).
document.addEventListener("DOMContentLoaded", () => {
  const jurisdiction = document.getElementById("jurisdiction");
  const level = document.getElementById("agency_level");
  if (!jurisdiction || !level) return;
  const others = [...level.options].filter((option) => option.value !== "federal");
  const federal = new Option("Federal agency", "federal");
  const update = () => {
    const isFederal = jurisdiction.value === "US";
    level.replaceChildren(...(isFederal ? [federal] : others));
    if (!isFederal && level.value === "federal") level.value = others[0].value;
  };
  jurisdiction.addEventListener("change", update);
  update();
});
