// DOM helpers: elements are built with text nodes only, so player-supplied strings (names,
// chat) can never become markup.
import { ApiError, ActionError } from "../../src/index.js";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((ev: Event) => void) | undefined>;

/** Creates `<tag attrs>children</tag>`; `on*` attributes become listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    else if (key === "style") el.style.cssText = String(value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends children, skipping empty ones. */
export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "object" ? c : String(c));
  }
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** A readable message for any failure. */
export function describe(e: unknown): string {
  if (e instanceof ApiError) return `${e.message}${e.code ? ` (${e.code})` : ""}`;
  if (e instanceof ActionError) return `${e.message} (${e.code})`;
  if (e instanceof Error) return e.message;
  return String(e);
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
/** Shows a message in the page's alert region. */
export function notice(message: string, kind: "error" | "info" = "error"): void {
  const el = document.getElementById("notice");
  if (!el) return;
  el.textContent = message;
  el.className = `notice ${kind}`;
  el.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (el.hidden = true), 6000);
}

/** Runs `work`, showing its error instead of throwing; disables `button` meanwhile. */
export async function guard<T>(work: () => Promise<T>, button?: HTMLButtonElement | null): Promise<T | undefined> {
  if (button) button.disabled = true;
  try {
    return await work();
  } catch (e) {
    notice(describe(e));
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** A labelled section. */
export function section(title: string, ...children: Child[]): HTMLElement {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

/** A bar of `value` out of `max`, with its numbers as the accessible name. */
export function bar(label: string, value: number, max: number): HTMLElement {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  const meter = h("div", {
    class: "bar",
    role: "meter",
    "aria-label": label,
    "aria-valuemin": 0,
    "aria-valuemax": max,
    "aria-valuenow": value,
    "aria-valuetext": `${value} of ${max}`,
  });
  meter.append(h("span", { class: "fill", style: `width:${pct.toFixed(1)}%` }));
  return h("div", { class: "barrow" }, h("span", { class: "barlabel" }, `${label} ${value}/${max}`), meter);
}

/** A key-value list. */
export function facts(pairs: [string, Child][]): HTMLElement {
  const dl = h("dl", { class: "facts" });
  for (const [k, v] of pairs) dl.append(h("dt", {}, k), h("dd", {}, v));
  return dl;
}

/** A random idempotency key for a spending call. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * Wraps a reload so a burst of events costs at most one run in flight plus one after it
 * (a raid's hits arrive many per second; each would otherwise refetch the battle).
 */
export function coalesce(run: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const go = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await run().catch(() => undefined);
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => void go();
}

/** Waits for `promise` at most `ms` (a subscription's readiness while offline), never failing. */
export function settled(promise: Promise<unknown>, ms = 3000): Promise<void> {
  return Promise.race([promise.then(() => undefined, () => undefined), new Promise<void>((r) => setTimeout(r, ms))]);
}
