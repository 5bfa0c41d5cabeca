// The words for the domain's values (kinds, phases, statuses…): one list, on the server
// (app/conversations/labels.py), served as /labels.json and kept offline with the shell, so
// the phone and the server's pages always say the same.
let labels = {};

export const labelsReady = fetch("/labels.json")
  .then((response) => (response.ok ? response.json() : {}))
  .catch(() => ({}))
  .then((data) => {
    labels = data;
    return data;
  });

export function label(group, value) {
  if (value === null || value === undefined) return "";
  return (labels[group] || {})[value] || value;
}

// What the scripts say, in the page's language (app/pwa/js_messages.py, in the page as a data
// block: there before any script runs): t("key", {name: value}).
const ui = JSON.parse(document.getElementById("ui")?.textContent || "{}");
export const t = (key, values = {}) => (ui[key] || key).replace(/\{(\w+)\}/g, (_, name) => values[name]);

// [{value, label}] for a group, in the given order (or the server's).
export function options(group, values) {
  return (values || Object.keys(labels[group] || {})).map((value) => ({ value, label: label(group, value) }));
}
