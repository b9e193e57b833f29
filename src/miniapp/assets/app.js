// PNP Live Mini App: the shell every screen shares. Screens live in user.js, performer.js and
// admin.js and register themselves with App.register(name, render). Navigation is a stack kept
// in memory (Telegram puts its own data in the URL's fragment, so the URL is not ours to route
// by); Telegram's BackButton pops it. The first screen comes from the page's `?screen=` query
// (the chat's web_app buttons open e.g. /app?screen=calendar&performer=12) or the home screen.
"use strict";

const App = (() => {
  const tg = window.Telegram && window.Telegram.WebApp ? window.Telegram.WebApp : null;
  const screens = {};
  const stack = [];
  let texts = {};
  let mainHandler = null;

  async function api(path, options = {}) {
    const headers = { "Authorization": "tma " + (tg ? tg.initData : "") };
    const init = { method: options.method || (options.body ? "POST" : "GET"), headers };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    const response = await fetch("/app/api" + path, init);
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.error || response.statusText);
      error.code = data.code;
      error.status = response.status;
      error.data = data;
      throw error;
    }
    return data;
  }

  // A text of the bot's locale files (ids starting with `app-`), with `{ $name }` filled in.
  function t(id, args = {}) {
    let text = texts[id];
    if (text === undefined) return id;
    for (const [name, value] of Object.entries(args)) {
      text = text.split("{$" + name + "}").join(String(value)).split("{ $" + name + " }").join(String(value));
    }
    return text;
  }

  // el("button", {class: "primary", onclick: f, dataset: {slot: "x"}}, "Text", child, ...)
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function root() {
    return document.getElementById("app");
  }

  function setMainButton(text, onClick) {
    hideMainButton();
    mainHandler = onClick;
    if (tg && tg.MainButton) {
      tg.MainButton.setText(text);
      tg.MainButton.onClick(mainHandler);
      tg.MainButton.show();
    }
    // Outside Telegram (and for tests reading the page) the same action is a button on the page.
    const fallback = document.getElementById("main-button");
    if (fallback) {
      fallback.textContent = text;
      fallback.hidden = false;
      fallback.onclick = onClick;
    }
  }

  function hideMainButton() {
    if (tg && tg.MainButton && mainHandler) {
      tg.MainButton.offClick(mainHandler);
      tg.MainButton.hide();
    }
    mainHandler = null;
    const fallback = document.getElementById("main-button");
    if (fallback) {
      fallback.hidden = true;
      fallback.onclick = null;
    }
  }

  function toast(text) {
    const node = document.getElementById("toast");
    if (!node) return;
    node.textContent = text;
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { node.hidden = true; }, 4000);
  }

  async function show() {
    const top = stack[stack.length - 1];
    const render = screens[top.name] || screens.home;
    hideMainButton();
    const main = root();
    main.replaceChildren(el("p", { class: "hint" }, t("app-loading")));
    main.dataset.screen = top.name;
    delete main.dataset.ready;
    if (tg && tg.BackButton) {
      if (stack.length > 1) tg.BackButton.show();
      else tg.BackButton.hide();
    }
    const back = document.getElementById("back-button");
    if (back) back.hidden = stack.length <= 1;
    try {
      const view = el("div", { class: "screen" });
      await render(view, top.params || {});
      if (stack[stack.length - 1] !== top) return; // navigated away meanwhile
      main.replaceChildren(view);
      main.dataset.ready = "1";
    } catch (e) {
      showError(e);
    }
  }

  function showError(e) {
    const main = root();
    const expired = e && e.status === 401;
    main.replaceChildren(
      el("p", { class: "error", role: "alert" }, expired ? t("app-error-reopen") : (e && e.data && e.data.message) || t("app-error-generic")),
    );
    main.dataset.error = (e && e.code) || "error";
    main.dataset.ready = "1";
  }

  function go(name, params = {}) {
    stack.push({ name, params });
    return show();
  }

  function replace(name, params = {}) {
    stack.pop();
    return go(name, params);
  }

  function back() {
    if (stack.length > 1) {
      stack.pop();
      return show();
    }
    if (tg) tg.close();
  }

  // A time as the viewer reads it: in `zone` (an IANA name) or the browser's own, with the zone named.
  function formatWhen(iso, zone, options = {}) {
    const format = Object.assign({ weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }, options);
    if (zone) format.timeZone = zone;
    return new Intl.DateTimeFormat(App.me ? App.me.language : undefined, format).format(new Date(iso));
  }

  // The browser's own IANA zone (what the calendar shows slots in when the bot has none).
  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch (_) {
      return null;
    }
  }

  function register(name, render) {
    screens[name] = render;
  }

  async function boot() {
    const main = root();
    if (tg) {
      tg.ready();
      tg.expand();
      if (tg.BackButton) tg.BackButton.onClick(back);
      document.documentElement.dataset.theme = tg.colorScheme || "light";
    }
    const backButton = document.getElementById("back-button");
    if (backButton) backButton.onclick = back;
    try {
      const [me, loaded] = await Promise.all([api("/me"), api("/texts")]);
      App.me = me;
      texts = loaded;
      document.documentElement.lang = me.language;
      if (backButton) backButton.textContent = "‹ " + t("app-back");
    } catch (e) {
      showError(e);
      return;
    }
    const query = new URLSearchParams(window.location.search);
    const first = query.get("screen");
    const params = Object.fromEntries(query.entries());
    delete params.screen;
    if (first && first !== "home" && screens[first]) stack.push({ name: "home", params: {} });
    await go(first && screens[first] ? first : "home", params);
  }

  // The home screen: what this person may open.
  register("home", async (view) => {
    view.append(el("h1", {}, t("app-hello", { name: App.me.first_name })));
    const list = el("nav", { class: "menu" });
    for (const entry of App.homeEntries) {
      if (entry.when && !entry.when(App.me)) continue;
      list.append(el("button", { class: "menu-item", dataset: { go: entry.screen }, onclick: () => go(entry.screen) }, t(entry.label)));
    }
    view.append(list);
  });

  return {
    tg, api, t, el, go, replace, back, register, setMainButton, hideMainButton, toast, formatWhen, browserZone,
    showError, boot, me: null,
    // Entries of the home screen, added by each screen file: {screen, label, when(me)}.
    homeEntries: [],
  };
})();

window.App = App;
document.addEventListener("DOMContentLoaded", App.boot);
