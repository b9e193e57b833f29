// The browser tests' stand-in for https://telegram.org/js/telegram-web-app.js (which cannot load
// here: the harness blocks telegram.org). The harness evaluates it before any script of the page,
// right after `window.__telegramConfig = {...}` (init data signed with the test bot's token, the
// theme, the client's version and platform). It offers the part of `window.Telegram.WebApp` a
// Mini App uses, behaving as Telegram's does (events, version checks, MainButton/BackButton
// state), records every call in `window.__telegram.calls`, and lets the test play the person:
// `__telegram.pressMainButton()`, `__telegram.pressBackButton()`, `__telegram.setTheme(...)`.
// Unlike telegram-web-app.js it sets no CSS variables: the page's own script must apply
// `themeParams` (it has to when the real script is served from a cache that has not yet run).
(function () {
  "use strict";
  const config = window.__telegramConfig || {};
  // The phone's clock, when the test sets one (the app's test clock): `new Date()` and
  // `Date.now()` run from it; dates built from a value are untouched.
  if (typeof config.now === "number") {
    const RealDate = Date;
    const offset = config.now - RealDate.now();
    class PhoneDate extends RealDate {
      constructor(...args) {
        if (args.length === 0) super(RealDate.now() + offset);
        else super(...args);
      }
      static now() {
        return RealDate.now() + offset;
      }
    }
    window.Date = PhoneDate;
  }
  const calls = [];
  const errors = [];
  const invoices = [];
  const openInvoices = [];
  const handlers = {};

  function plain(value) {
    if (typeof value === "function") return "<function>";
    try {
      return JSON.parse(JSON.stringify(value === undefined ? null : value));
    } catch (_) {
      return String(value);
    }
  }

  function record(method, args) {
    calls.push({ method, args: Array.from(args || []).map(plain) });
  }

  function fire(event, data) {
    for (const handler of (handlers[event] || []).slice()) {
      try {
        handler.call(WebApp, data);
      } catch (e) {
        errors.push(event + " handler threw: " + (e && e.stack ? e.stack : e));
      }
    }
  }

  function versionAtLeast(wanted) {
    const have = String(config.version || "6.0").split(".").map(Number);
    const want = String(wanted).split(".").map(Number);
    for (let i = 0; i < Math.max(have.length, want.length); i++) {
      const a = have[i] || 0;
      const b = want[i] || 0;
      if (a !== b) return a > b;
    }
    return true;
  }

  // Telegram throws for methods the client's version lacks; so does the stand-in.
  function needs(version, method) {
    if (!versionAtLeast(version)) {
      record(method + " (unsupported)", []);
      throw new Error("WebAppMethodUnsupported");
    }
  }

  function parseInitData(data) {
    const out = {};
    for (const [key, value] of new URLSearchParams(data || "")) {
      try {
        out[key] = key === "user" || key === "receiver" || key === "chat" ? JSON.parse(value) : value;
      } catch (_) {
        out[key] = value;
      }
    }
    if (out.auth_date) out.auth_date = Number(out.auth_date);
    return out;
  }

  function bottomButton(name, eventName, since) {
    const button = {
      type: name === "MainButton" ? "main" : "secondary",
      text: name === "MainButton" ? "Continue" : "Cancel",
      color: (config.themeParams || {}).button_color,
      textColor: (config.themeParams || {}).button_text_color,
      isVisible: false,
      isActive: true,
      isProgressVisible: false,
      hasShineEffect: false,
      setText(text) {
        record(name + ".setText", arguments);
        button.text = String(text);
        return button;
      },
      onClick(handler) {
        record(name + ".onClick", arguments);
        WebApp.onEvent(eventName, handler);
        return button;
      },
      offClick(handler) {
        record(name + ".offClick", arguments);
        WebApp.offEvent(eventName, handler);
        return button;
      },
      show() {
        record(name + ".show", arguments);
        if (versionAtLeast(since)) button.isVisible = true;
        return button;
      },
      hide() {
        record(name + ".hide", arguments);
        button.isVisible = false;
        return button;
      },
      enable() {
        record(name + ".enable", arguments);
        button.isActive = true;
        return button;
      },
      disable() {
        record(name + ".disable", arguments);
        button.isActive = false;
        return button;
      },
      showProgress(leaveActive) {
        record(name + ".showProgress", arguments);
        button.isProgressVisible = true;
        if (!leaveActive) button.isActive = false;
        return button;
      },
      hideProgress() {
        record(name + ".hideProgress", arguments);
        button.isProgressVisible = false;
        button.isActive = true;
        return button;
      },
      setParams(params) {
        record(name + ".setParams", arguments);
        if (params.text !== undefined) button.text = String(params.text);
        if (params.color !== undefined) button.color = params.color;
        if (params.text_color !== undefined) button.textColor = params.text_color;
        if (params.is_active !== undefined) button.isActive = !!params.is_active;
        if (params.is_visible !== undefined) button.isVisible = !!params.is_visible && versionAtLeast(since);
        return button;
      },
    };
    return button;
  }

  const BackButton = {
    isVisible: false,
    onClick(handler) {
      record("BackButton.onClick", arguments);
      WebApp.onEvent("backButtonClicked", handler);
      return BackButton;
    },
    offClick(handler) {
      record("BackButton.offClick", arguments);
      WebApp.offEvent("backButtonClicked", handler);
      return BackButton;
    },
    show() {
      record("BackButton.show", arguments);
      // telegram-web-app.js only warns on clients older than 6.1; the button does not appear.
      if (versionAtLeast("6.1")) BackButton.isVisible = true;
      return BackButton;
    },
    hide() {
      record("BackButton.hide", arguments);
      BackButton.isVisible = false;
      return BackButton;
    },
  };

  const HapticFeedback = {
    impactOccurred() { record("HapticFeedback.impactOccurred", arguments); return HapticFeedback; },
    notificationOccurred() { record("HapticFeedback.notificationOccurred", arguments); return HapticFeedback; },
    selectionChanged() { record("HapticFeedback.selectionChanged", arguments); return HapticFeedback; },
  };

  const inset = Object.assign({ top: 0, bottom: 0, left: 0, right: 0 }, config.safeAreaInset || {});
  const contentInset = Object.assign({ top: 0, bottom: 0, left: 0, right: 0 }, config.contentSafeAreaInset || {});

  const WebApp = {
    initData: config.initData || "",
    initDataUnsafe: parseInitData(config.initData),
    version: String(config.version || "8.0"),
    platform: config.platform || "android",
    colorScheme: config.colorScheme || "light",
    themeParams: Object.assign({}, config.themeParams || {}),
    isExpanded: false,
    viewportHeight: window.innerHeight,
    viewportStableHeight: window.innerHeight,
    safeAreaInset: inset,
    contentSafeAreaInset: contentInset,
    isActive: true,
    isFullscreen: false,
    isClosingConfirmationEnabled: false,
    isVerticalSwipesEnabled: true,
    headerColor: (config.themeParams || {}).header_bg_color || (config.themeParams || {}).bg_color,
    backgroundColor: (config.themeParams || {}).bg_color,
    bottomBarColor: (config.themeParams || {}).bottom_bar_bg_color,
    BackButton,
    MainButton: null,
    SecondaryButton: null,
    HapticFeedback,
    isVersionAtLeast(version) {
      return versionAtLeast(version);
    },
    onEvent(event, handler) {
      (handlers[event] = handlers[event] || []).push(handler);
    },
    offEvent(event, handler) {
      handlers[event] = (handlers[event] || []).filter((h) => h !== handler);
    },
    ready() {
      record("ready", arguments);
    },
    expand() {
      record("expand", arguments);
      WebApp.isExpanded = true;
    },
    close() {
      record("close", arguments);
      window.__telegram.closed = true;
    },
    sendData(data) {
      record("sendData", arguments);
    },
    openLink(url, options) {
      record("openLink", arguments);
    },
    openTelegramLink(url) {
      record("openTelegramLink", arguments);
    },
    openInvoice(url, callback) {
      needs("6.1", "openInvoice");
      record("openInvoice", arguments);
      invoices.push(String(url));
      const status = config.invoiceStatus || "paid";
      // "open": the invoice stays on screen until the test closes it (after paying through the
      // webhook, as the real payment goes).
      if (status === "open") {
        openInvoices.push({ url: String(url), callback });
        return;
      }
      // Telegram answers once the person has paid (or closed the invoice), later than the call.
      setTimeout(() => {
        if (typeof callback === "function") callback(status);
        fire("invoiceClosed", { url: String(url), status });
      }, 30);
    },
    showPopup(params, callback) {
      needs("6.2", "showPopup");
      record("showPopup", arguments);
      const buttons = (params && params.buttons) || [{ id: "", type: "close" }];
      const chosen = config.popupButton !== undefined ? config.popupButton : buttons[0].id || "";
      setTimeout(() => typeof callback === "function" && callback(chosen), 0);
    },
    showAlert(message, callback) {
      needs("6.2", "showAlert");
      record("showAlert", arguments);
      setTimeout(() => typeof callback === "function" && callback(), 0);
    },
    showConfirm(message, callback) {
      needs("6.2", "showConfirm");
      record("showConfirm", arguments);
      const answer = config.confirm === undefined ? true : !!config.confirm;
      setTimeout(() => typeof callback === "function" && callback(answer), 0);
    },
    setHeaderColor(color) {
      needs("6.1", "setHeaderColor");
      record("setHeaderColor", arguments);
      WebApp.headerColor = color;
    },
    setBackgroundColor(color) {
      needs("6.1", "setBackgroundColor");
      record("setBackgroundColor", arguments);
      WebApp.backgroundColor = color;
    },
    setBottomBarColor(color) {
      needs("7.10", "setBottomBarColor");
      record("setBottomBarColor", arguments);
      WebApp.bottomBarColor = color;
    },
    enableClosingConfirmation() {
      record("enableClosingConfirmation", arguments);
      WebApp.isClosingConfirmationEnabled = true;
    },
    disableClosingConfirmation() {
      record("disableClosingConfirmation", arguments);
      WebApp.isClosingConfirmationEnabled = false;
    },
    enableVerticalSwipes() {
      record("enableVerticalSwipes", arguments);
      WebApp.isVerticalSwipesEnabled = true;
    },
    disableVerticalSwipes() {
      record("disableVerticalSwipes", arguments);
      WebApp.isVerticalSwipesEnabled = false;
    },
  };
  WebApp.MainButton = bottomButton("MainButton", "mainButtonClicked", "6.0");
  WebApp.SecondaryButton = bottomButton("SecondaryButton", "secondaryButtonClicked", "7.10");

  window.Telegram = { WebApp };
  window.__telegram = {
    calls,
    errors,
    invoices,
    openInvoices,
    closed: false,
    // Telegram closes the invoice left open with `status` ("paid", "cancelled", ...).
    closeInvoice(status) {
      const open = openInvoices.shift();
      if (!open) throw new Error("no invoice is open");
      if (typeof open.callback === "function") open.callback(status);
      fire("invoiceClosed", { url: open.url, status });
    },
    // The person taps the MainButton: only a visible, active button can be tapped.
    pressMainButton() {
      const button = WebApp.MainButton;
      if (!button.isVisible) throw new Error("the MainButton is hidden");
      if (!button.isActive) throw new Error("the MainButton is disabled");
      fire("mainButtonClicked");
    },
    pressBackButton() {
      if (!BackButton.isVisible) throw new Error("the BackButton is hidden");
      fire("backButtonClicked");
    },
    // The person switches the client's theme: Telegram updates themeParams, then tells the page.
    setTheme(colorScheme, themeParams) {
      WebApp.colorScheme = colorScheme;
      WebApp.themeParams = Object.assign({}, themeParams);
      fire("themeChanged");
    },
    setSafeArea(safe, content) {
      Object.assign(WebApp.safeAreaInset, safe || {});
      Object.assign(WebApp.contentSafeAreaInset, content || {});
      fire("safeAreaChanged");
      fire("contentSafeAreaChanged");
    },
    handlerCount(event) {
      return (handlers[event] || []).length;
    },
  };

  window.addEventListener("error", (e) => errors.push(String(e.message) + " at " + e.filename + ":" + e.lineno));
  window.addEventListener("unhandledrejection", (e) =>
    errors.push("unhandled rejection: " + (e.reason && e.reason.stack ? e.reason.stack : e.reason)));
})();
