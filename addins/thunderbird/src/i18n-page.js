// Fills every `data-i18n` element of an add-in page with its text in the UI language.

export function localize(document, getMessage) {
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = getMessage(element.dataset.i18n) || element.dataset.i18n;
  }
  document.documentElement.lang = getMessage("@@ui_locale") || "ja";
}
