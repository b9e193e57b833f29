// PNP Live Mini App: the shell every screen shares. Screens live in user.js, performer.js and
// admin.js and register themselves with App.register(name, render). Navigation is a stack kept
// in memory (Telegram puts its own data in the URL's fragment, so the URL is not ours to route
// by); Telegram's BackButton pops it. The first screen comes from the page's `?screen=` query
// (the chat's web_app buttons open e.g. /app?screen=calendar&performer=12) or the home screen.
//
// Looking like Telegram: the client's themeParams become CSS variables (--tg-theme-bg-color…),
// as telegram-web-app.js sets them, and again on every themeChanged; the safe-area insets and the
// viewport height likewise. Inside Telegram the MainButton and BackButton are Telegram's own;
// a client too old for the BackButton (before 6.1) gets a back bar on the page, and a page
// without Telegram's MainButton gets the same action as a button at its foot.
"use strict";

const App = (() => {
  const tg = window.Telegram && window.Telegram.WebApp ? window.Telegram.WebApp : null;
  // Opened by a Telegram client (outside one, telegram-web-app.js still defines WebApp, with no
  // init data).
  const inTelegram = !!(tg && tg.initData);
  const supports = (version) => !!(tg && typeof tg.isVersionAtLeast === "function" && tg.isVersionAtLeast(version));
  const telegramBack = inTelegram && supports("6.1") && !!tg.BackButton;
  const telegramMain = inTelegram && !!tg.MainButton;
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

  // --- Theme, viewport and safe areas, the way telegram-web-app.js exposes them to CSS ---------

  const COLOR = /^#[0-9a-f]{3,8}$/i;

  function applyTheme() {
    const html = document.documentElement;
    const params = (tg && tg.themeParams) || {};
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === "string" && COLOR.test(value)) {
        html.style.setProperty("--tg-theme-" + key.split("_").join("-"), value);
      }
    }
    const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    const scheme = tg && tg.colorScheme ? tg.colorScheme : dark ? "dark" : "light";
    html.style.setProperty("--tg-color-scheme", scheme);
    html.dataset.theme = scheme;
  }

  function applyViewport() {
    if (!tg) return;
    const style = document.documentElement.style;
    if (tg.viewportHeight) style.setProperty("--tg-viewport-height", tg.viewportHeight + "px");
    if (tg.viewportStableHeight) style.setProperty("--tg-viewport-stable-height", tg.viewportStableHeight + "px");
    for (const [name, inset] of [["safe-area-inset", tg.safeAreaInset], ["content-safe-area-inset", tg.contentSafeAreaInset]]) {
      if (!inset) continue;
      for (const side of ["top", "bottom", "left", "right"]) {
        style.setProperty("--tg-" + name + "-" + side, (Number(inset[side]) || 0) + "px");
      }
    }
  }

  // --- MainButton: Telegram's inside Telegram, the page's own otherwise ------------------------

  function fallbackButton() {
    return document.getElementById("main-button");
  }

  // `onClick` may return a promise: while it runs the button shows progress and ignores taps
  // (a second tap must not book twice).
  function setMainButton(text, onClick) {
    hideMainButton();
    let busy = false;
    const handler = async () => {
      if (busy) return;
      busy = true;
      progress(handler, true);
      try {
        await onClick();
      } catch (e) {
        toast(errorText(e));
      } finally {
        busy = false;
        progress(handler, false);
      }
    };
    mainHandler = handler;
    if (telegramMain) {
      const button = tg.MainButton;
      if (button.isProgressVisible) button.hideProgress();
      button.setText(text);
      button.enable();
      button.onClick(handler);
      button.show();
      return;
    }
    const fallback = fallbackButton();
    if (fallback) {
      fallback.textContent = text;
      fallback.disabled = false;
      fallback.hidden = false;
      fallback.onclick = handler;
      document.body.classList.add("has-main-button");
    }
  }

  function progress(handler, on) {
    if (mainHandler !== handler) return; // another screen owns the button now
    if (telegramMain) {
      if (on) tg.MainButton.showProgress(false);
      else tg.MainButton.hideProgress();
      return;
    }
    const fallback = fallbackButton();
    if (fallback) {
      fallback.disabled = on;
      fallback.classList.toggle("busy", on);
    }
  }

  function hideMainButton() {
    if (telegramMain && mainHandler) {
      tg.MainButton.offClick(mainHandler);
      tg.MainButton.hide();
    }
    mainHandler = null;
    const fallback = fallbackButton();
    if (fallback) {
      fallback.hidden = true;
      fallback.onclick = null;
    }
    document.body.classList.remove("has-main-button");
  }

  function toast(text) {
    const node = document.getElementById("toast");
    if (!node) return;
    node.textContent = text;
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { node.hidden = true; }, 4000);
  }

  function errorText(e) {
    if (e && e.status === 401) return t("app-error-reopen");
    return (e && e.data && e.data.message) || t("app-error-generic");
  }

  // --- Screens ---------------------------------------------------------------------------------

  function showBack(visible) {
    if (telegramBack) {
      if (visible) tg.BackButton.show();
      else tg.BackButton.hide();
      return;
    }
    const bar = document.getElementById("top-bar");
    if (bar) bar.hidden = !visible;
    const back = document.getElementById("back-button");
    if (back) back.hidden = !visible;
  }

  async function show() {
    const top = stack[stack.length - 1];
    const render = screens[top.name] || screens.home;
    hideMainButton();
    const main = root();
    main.replaceChildren(loading());
    main.dataset.screen = top.name;
    delete main.dataset.ready;
    delete main.dataset.error;
    showBack(stack.length > 1);
    try {
      const view = el("div", { class: "screen" });
      await render(view, top.params || {});
      if (stack[stack.length - 1] !== top) return; // navigated away meanwhile
      main.replaceChildren(view);
      window.scrollTo(0, 0);
      main.dataset.ready = "1";
    } catch (e) {
      if (stack[stack.length - 1] !== top) return;
      showError(e);
    }
  }

  function loading() {
    return el("div", { class: "loading", role: "status" }, el("span", { class: "spinner", "aria-hidden": "true" }), el("span", { class: "hint" }, t("app-loading")));
  }

  function showError(e) {
    const main = root();
    const refused = e && e.status === 401;
    main.replaceChildren(
      el("div", { class: "notice" },
        el("div", { class: "notice-icon", "aria-hidden": "true" }, refused ? "🔒" : "⚠️"),
        el("p", { class: "error", role: "alert" }, errorText(e))),
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

  // The language to read the texts in before the server has said who this is (an error page):
  // what the client reports, unverified, which only picks the language of public texts.
  function guessedLanguage() {
    const user = tg && tg.initDataUnsafe && tg.initDataUnsafe.user;
    return (user && user.language_code) || navigator.language || "";
  }

  async function boot() {
    const main = root();
    applyTheme();
    if (tg) {
      applyViewport();
      tg.onEvent("themeChanged", applyTheme);
      tg.onEvent("viewportChanged", applyViewport);
      tg.onEvent("safeAreaChanged", applyViewport);
      tg.onEvent("contentSafeAreaChanged", applyViewport);
    }
    if (inTelegram) {
      tg.ready();
      tg.expand();
      if (telegramBack) tg.BackButton.onClick(back);
      if (supports("6.1")) {
        // Telegram's header and the window behind the page in the page's own colour, so the
        // app reads as one surface, as Telegram's own screens do.
        tg.setHeaderColor("bg_color");
        tg.setBackgroundColor("bg_color");
      }
    }
    document.documentElement.classList.toggle("in-telegram", inTelegram);
    const backButton = document.getElementById("back-button");
    if (backButton) backButton.onclick = back;
    const [me, loaded] = await Promise.allSettled([
      api("/me"),
      api("/texts?lang=" + encodeURIComponent(guessedLanguage())),
    ]);
    if (loaded.status === "fulfilled") texts = loaded.value;
    if (backButton) backButton.textContent = t("app-back");
    if (me.status === "rejected") {
      hideMainButton();
      showError(me.reason);
      return;
    }
    App.me = me.value;
    document.documentElement.lang = App.me.language;
    if (main) main.dataset.language = App.me.language;
    const query = new URLSearchParams(window.location.search);
    const first = query.get("screen");
    const params = Object.fromEntries(query.entries());
    delete params.screen;
    if (first && first !== "home" && screens[first]) stack.push({ name: "home", params: {} });
    await go(first && screens[first] ? first : "home", params);
  }

  // The home screen: who this is and what they may open.
  register("home", async (view) => {
    const me = App.me;
    const initial = (Array.from(me.first_name.trim())[0] || "?").toUpperCase();
    const roles = [];
    if (me.performer) roles.push(el("span", { class: "badge" }, t("app-role-performer")));
    if (me.admin) roles.push(el("span", { class: "badge" }, t("app-role-admin")));
    view.append(
      el("section", { class: "profile-head" },
        el("div", { class: "avatar", "aria-hidden": "true" }, initial),
        el("div", { class: "profile-text" },
          el("h1", {}, t("app-hello", { name: me.first_name })),
          roles.length ? el("div", { class: "badges" }, roles) : null)),
    );
    const entries = App.homeEntries.filter((entry) => !entry.when || entry.when(me));
    if (entries.length) {
      const list = el("nav", { class: "menu" });
      for (const entry of entries) {
        list.append(
          el("button", { class: "menu-item", dataset: { go: entry.screen }, onclick: () => go(entry.screen) },
            entry.icon ? el("span", { class: "menu-icon", "aria-hidden": "true" }, entry.icon) : null,
            el("span", { class: "menu-label" }, t(entry.label)),
            el("span", { class: "chevron", "aria-hidden": "true" }, "›")),
        );
      }
      view.append(list);
    }
  });

  return {
    tg, inTelegram, api, t, el, go, replace, back, register, setMainButton, hideMainButton, toast, formatWhen, browserZone,
    showError, errorText, boot, me: null,
    // Entries of the home screen, added by each screen file: {screen, label, when(me), icon}.
    homeEntries: [],
  };
})();

window.App = App;
document.addEventListener("DOMContentLoaded", App.boot);
