// PNP Live Mini App: talks to /app/api with Telegram's init data.
"use strict";

const tg = window.Telegram && window.Telegram.WebApp;

async function api(path, options = {}) {
  const headers = Object.assign({ "Authorization": "tma " + (tg ? tg.initData : "") }, options.headers || {});
  if (options.body && typeof options.body !== "string") {
    headers["Content-Type"] = "application/json";
    options = Object.assign({}, options, { body: JSON.stringify(options.body) });
  }
  const response = await fetch("/app/api" + path, Object.assign({}, options, { headers }));
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.error || response.statusText);
    error.code = data.code;
    error.status = response.status;
    throw error;
  }
  return data;
}

async function start() {
  const root = document.getElementById("app");
  if (tg) {
    tg.ready();
    tg.expand();
  }
  try {
    const me = await api("/me");
    document.documentElement.lang = me.language;
    root.dataset.ready = "1";
    root.textContent = me.first_name;
  } catch (e) {
    root.dataset.error = e.code || "error";
    root.textContent = e.message;
  }
}

document.addEventListener("DOMContentLoaded", start);
