// Gentle warnings while typing, never blocks: a number that passes the BSN 11-proef, or words
// for special categories of personal data, or for other sensitive data (income, debts). The same rules as app/conversations/sensitive.py,
// from the same file (/static/sensitive.json, part of the offline shell).
import { t } from "/static/js/labels.js";
const BSN = /(?<!\d)(\d{3})[ .-]?(\d{2})[ .-]?(\d{2})[ .-]?(\d{2})(?!\d)|(?<!\d)(\d{9})(?!\d)/g;

export async function loadRules() {
  try {
    const response = await fetch("/static/sensitive.json");
    const data = await response.json();
    const words = new Map();
    for (const [category, list] of Object.entries(data.categories)) {
      for (const word of list) words.set(word, data.labels[category]);
    }
    const alternatives = [...words.keys()]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|");
    const notSpecial = new Set((data.not_special || []).map((c) => data.labels[c]));
    return { words, notSpecial, pattern: new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, "giu") };
  } catch {
    return null; // no rules, no warnings: never in the way of saving
  }
}

export function passesElevenTest(digits) {
  if (!/^\d{9}$/.test(digits) || digits === "000000000") return false;
  let total = 0;
  for (let i = 0; i < 8; i++) total += Number(digits[i]) * (9 - i);
  return (total - Number(digits[8])) % 11 === 0;
}

export function hint(text, rules) {
  if (!text) return "";
  const warnings = [];
  for (const match of text.matchAll(BSN)) {
    if (passesElevenTest(match.slice(1).filter(Boolean).join(""))) {
      warnings.push(t("bsn"));
      break;
    }
  }
  if (rules) {
    const found = new Set();
    for (const match of text.matchAll(rules.pattern)) found.add(rules.words.get(match[0].toLowerCase()));
    const or = (labels) => labels.map((l) => t(l)).sort().join(` ${t("or")} `);
    const notSpecial = rules.notSpecial || new Set();
    const special = [...found].filter((label) => !notSpecial.has(label)).sort();
    const sensitive = [...found].filter((label) => notSpecial.has(label)).sort();
    if (special.length) {
      warnings.push(t("special", { what: or(special) }));
    }
    if (sensitive.length) {
      warnings.push(t("sensitive", { what: or(sensitive) }));
    }
  }
  return warnings.join(" ");
}
