// user screens: registered with App.register (see app.js). Performers as a grid with photos, a
// performer's page, a month calendar of free times in the browser's own zone, holding a time and
// paying for it with Telegram's openInvoice, and My bookings with Join, Pay, Reschedule, Cancel.
// Every rule (18+ gate, holds, refunds, moves) is the server's: the page shows what it answers.
"use strict";

(() => {
  const { el, t } = App;

  // A performer's photo: fetched with the init data (an <img src> cannot carry it) and shown
  // from a blob URL, which the page's CSP allows.
  async function photo(path, alt) {
    const img = el("img", { class: "photo", alt: path ? alt || "" : "", loading: "lazy" });
    // A photo the browser cannot show leaves the placeholder, not a broken image.
    img.onerror = () => {
      img.removeAttribute("src");
      img.alt = "";
      img.classList.add("empty");
    };
    if (!path) {
      img.classList.add("empty");
      return img;
    }
    try {
      const response = await fetch(path, { headers: { "Authorization": "tma " + (App.tg ? App.tg.initData : "") } });
      if (response.ok) img.src = URL.createObjectURL(await response.blob());
      else img.classList.add("empty");
    } catch (_) {
      img.classList.add("empty");
    }
    return img;
  }

  function rating(r) {
    return r ? t("app-user-rating", { average: r.average, count: r.count }) : t("app-user-no-rating");
  }

  function message(e) {
    return (e && e.data && e.data.message) || (e && e.message) || t("app-error-generic");
  }

  // The zone times are shown in: the browser's own; the bot's stored one, or UTC, without it.
  function viewZone() {
    return App.browserZone() || (App.me && App.me.timezone) || "UTC";
  }

  // The bot has no zone for this person yet: the browser's fills it in (checked by the server
  // as the chat checks a typed zone).
  async function fillZone() {
    const zone = App.browserZone();
    if (!zone || !App.me || App.me.timezone) return;
    try {
      const saved = await App.api("/user/timezone", { body: { zone } });
      App.me.timezone = saved.timezone;
      App.toast(t("app-user-zone-saved", { zone: saved.timezone }));
    } catch (_) {
      // An unknown zone is left for the chat's Settings; times still show in the browser's.
    }
  }

  // The 18+ gate, as the chat shows it; accepted, the screen is drawn again.
  function ageGate(view, e, again) {
    view.append(
      el("p", { class: "card gate", dataset: { gate: "age" } }, message(e)),
      el("button", {
        class: "primary wide", dataset: { action: "accept-age" },
        onclick: async () => {
          await App.api("/user/age", { body: {} });
          again();
        },
      }, t("app-user-age-accept")),
    );
  }

  async function guarded(view, again, load) {
    try {
      return await load();
    } catch (e) {
      if (e.code === "age_gate") {
        ageGate(view, e, again);
        return null;
      }
      throw e;
    }
  }

  // Opens a hold's invoice in Telegram; `done(paid)` follows its closing.
  function openInvoice(link, done) {
    if (App.tg && App.tg.openInvoice) {
      App.tg.openInvoice(link, (status) => done(status === "paid", status));
    } else {
      window.open(link, "_blank");
      done(false, "opened");
    }
  }

  function openLink(url) {
    if (App.tg && App.tg.openLink) App.tg.openLink(url);
    else window.open(url, "_blank");
  }

  // Local date ("2026-12-08") and clock ("17:00") of an instant in `zone`.
  function localDate(iso, zone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
  }
  function localClock(iso, zone) {
    return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
  }
  function thisMonth(zone) {
    return localDate(new Date().toISOString(), zone).slice(0, 7);
  }
  function shiftMonth(month, by) {
    const [y, m] = month.split("-").map(Number);
    const d = new Date(Date.UTC(y, m - 1 + by, 1));
    return d.getUTCFullYear() + "-" + String(d.getUTCMonth() + 1).padStart(2, "0");
  }
  function monthName(month) {
    const [y, m] = month.split("-").map(Number);
    return new Intl.DateTimeFormat(App.me.language, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
  }

  // PNP Live: who is online, then who has free time later.
  App.register("performers", async (view) => {
    const data = await guarded(view, () => App.replace("performers"), () => App.api("/user/performers"));
    if (!data) return;
    view.append(el("h1", {}, t("app-user-performers-title")));
    if (!data.performers.length) {
      view.append(el("p", { class: "hint" }, t("app-user-none")));
      return;
    }
    const grid = el("div", { class: "grid" });
    for (const p of data.performers) {
      const tile = el("button", { class: "tile", dataset: { performer: p.id }, onclick: () => App.go("performer", { performer: p.id }) },
        await photo(p.photo, p.name),
        el("span", { class: "name" }, p.name),
        el("span", { class: p.online ? "badge online" : "badge" }, p.status),
        el("span", { class: "hint" }, rating(p.rating)),
        p.price_from ? el("span", { class: "price" }, t("app-user-from", { price: p.price_from.price })) : null,
      );
      grid.append(tile);
    }
    view.append(grid);
  });

  // A performer's page: photo, status, rating, bio, tags, rates (each leads to the calendar)
  // and the next free times in the browser's zone.
  App.register("performer", async (view, params) => {
    const id = params.performer;
    const p = await guarded(view, () => App.replace("performer", params), () => App.api("/user/performers/" + id));
    if (!p) return;
    const zone = viewZone();
    view.append(
      el("div", { class: "profile" },
        await photo(p.photo, p.name),
        el("div", {},
          el("h1", {}, p.name),
          el("span", { class: p.online ? "badge online" : "badge" }, p.status),
          el("p", { class: "hint" }, rating(p.rating)),
        ),
      ),
    );
    if (p.bio) view.append(el("p", { class: "bio" }, p.bio));
    if (p.tags.length) view.append(el("p", { class: "hint" }, p.tags.map((tag) => "#" + tag).join(" ")));
    view.append(el("h2", {}, t("app-user-rates")));
    const rates = el("div", { class: "menu" });
    for (const r of p.rates) {
      rates.append(el("button", { class: "menu-item", dataset: { rate: r.id }, onclick: () => App.go("calendar", { performer: p.id, rate: r.id }) },
        r.label + " · " + r.price));
    }
    view.append(rates);
    view.append(el("h2", {}, t("app-user-next-slots")), el("p", { class: "hint" }, t("app-user-times-in", { zone })));
    if (!p.next_slots.length) view.append(el("p", { class: "hint" }, t("app-user-no-slots")));
    const list = el("ul", { class: "next" });
    for (const start of p.next_slots) list.append(el("li", {}, App.formatWhen(start, zone)));
    view.append(list);
    if (p.rates.length) App.setMainButton(t("app-user-pick-time"), () => App.go("calendar", { performer: p.id, rate: p.rates[0].id }));
  });

  // A month of free times. For a new booking: `performer` (+ `rate`); for a move: `booking`.
  App.register("calendar", async (view, params) => {
    await fillZone();
    const zone = viewZone();
    const month = params.month || thisMonth(zone);
    const query = "?month=" + month + "&zone=" + encodeURIComponent(zone) + (params.rate ? "&rate=" + params.rate : "");
    const path = params.booking ? "/user/bookings/" + params.booking + "/slots" : "/user/performers/" + params.performer + "/slots";
    const data = await guarded(view, () => App.replace("calendar", params), () => App.api(path + query));
    if (!data) return;
    const title = params.booking
      ? t("app-user-move-title", { name: data.name, when: data.starts_at ? App.formatWhen(data.starts_at, zone) : "" })
      : t("app-user-calendar-title", { name: data.name, minutes: data.minutes });
    view.append(el("h1", {}, title), el("p", { class: "hint" }, t("app-user-times-in", { zone })));

    const byDay = {};
    for (const slot of data.slots) (byDay[localDate(slot.start, zone)] ||= []).push(slot);

    const nav = el("div", { class: "row" },
      el("button", { class: "link", dataset: { action: "prev-month" }, onclick: () => App.replace("calendar", { ...params, month: shiftMonth(month, -1) }) }, t("app-user-prev-month")),
      el("strong", { class: "month-name" }, monthName(month)),
      el("button", { class: "link", dataset: { action: "next-month" }, onclick: () => App.replace("calendar", { ...params, month: shiftMonth(month, 1) }) }, t("app-user-next-month")),
    );
    view.append(nav);

    const [y, m] = month.split("-").map(Number);
    const grid = el("div", { class: "month" });
    const weekday = new Intl.DateTimeFormat(App.me.language, { weekday: "narrow", timeZone: "UTC" });
    for (let i = 0; i < 7; i++) grid.append(el("span", { class: "weekday" }, weekday.format(new Date(Date.UTC(2024, 0, 1 + i)))));
    const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7; // Monday first
    for (let i = 0; i < lead; i++) grid.append(el("span"));
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const times = el("div", { class: "times" });
    const hint = el("p", { class: "hint" }, Object.keys(byDay).length ? t("app-user-pick-day") : t("app-user-month-empty"));
    for (let d = 1; d <= days; d++) {
      const date = month + "-" + String(d).padStart(2, "0");
      const free = byDay[date];
      const day = el("button", { class: free ? "day free" : "day", disabled: !free, dataset: { day: date } }, String(d));
      if (free) day.onclick = () => {
        grid.querySelectorAll(".day.selected").forEach((n) => n.classList.remove("selected"));
        day.classList.add("selected");
        showTimes(free);
      };
      grid.append(day);
    }
    view.append(grid, hint, times);

    function showTimes(slots) {
      App.hideMainButton();
      times.replaceChildren();
      for (const slot of slots) {
        const b = el("button", { class: "slot", dataset: { slot: slot.start } }, localClock(slot.start, zone));
        b.onclick = () => {
          times.querySelectorAll(".slot.selected").forEach((n) => n.classList.remove("selected"));
          b.classList.add("selected");
          const when = App.formatWhen(slot.start, zone);
          if (params.booking) App.setMainButton(t("app-user-move-to", { when }), () => move(slot.start));
          else App.setMainButton(t("app-user-hold", { when }), () => hold(slot.start));
        };
        times.append(b);
      }
    }

    async function hold(start) {
      App.hideMainButton();
      try {
        const held = await App.api("/user/holds", { body: { performer: Number(params.performer), rate: Number(data.rate.id), start } });
        const until = held.hold_expires_at ? App.formatWhen(held.hold_expires_at, zone, { weekday: undefined, day: undefined, month: undefined }) : "";
        App.toast(t("app-user-held", { until }));
        openInvoice(held.invoice_link, (paid) => {
          if (paid) {
            App.toast(t("app-user-paid"));
            App.go("bookings");
          } else {
            App.toast(t("app-user-not-paid", { until }));
          }
        });
      } catch (e) {
        App.toast(message(e));
        if (e.code === "slot_taken") App.replace("calendar", { ...params, month });
      }
    }

    async function move(start) {
      App.hideMainButton();
      try {
        const moved = await App.api("/user/bookings/" + params.booking + "/reschedule", { body: { start } });
        App.toast(t("app-user-moved", { when: moved.when || App.formatWhen(moved.starts_at, zone) }));
        App.back();
      } catch (e) {
        App.toast(message(e));
        if (e.code === "slot_taken") App.replace("calendar", { ...params, month });
      }
    }
  });

  // My bookings: upcoming then past, each with what can be done with it now.
  App.register("bookings", async (view) => {
    const data = await App.api("/user/bookings");
    view.append(el("h1", {}, t("app-user-bookings-title")));
    if (!data.upcoming.length && !data.past.length) {
      view.append(el("p", { class: "hint" }, t("app-user-bookings-empty")));
      return;
    }
    const section = (label, list) => {
      if (!list.length) return;
      view.append(el("h2", {}, t(label)));
      for (const b of list) view.append(card(b));
    };
    section("app-user-upcoming", data.upcoming);
    section("app-user-past", data.past);

    function card(b) {
      const actions = el("div", { class: "actions" });
      const node = el("div", { class: "card booking", dataset: { booking: b.id, status: b.status } },
        el("strong", {}, b.performer),
        el("span", { class: "hint" }, (b.when || "") + " · " + b.minutes + " min · " + b.price),
        el("span", { class: "badge" }, b.status_label),
        actions,
      );
      if (b.join) actions.append(el("button", { class: "primary", dataset: { action: "join" }, onclick: () => openLink(b.join) }, t("app-user-join")));
      if (b.can_pay) actions.append(el("button", {
        class: "primary", dataset: { action: "pay" },
        onclick: async () => {
          try {
            const held = await App.api("/user/bookings/" + b.id + "/pay", { body: {} });
            openInvoice(held.invoice_link, (paid) => {
              App.toast(paid ? t("app-user-paid") : t("app-user-not-paid", { until: App.formatWhen(held.hold_expires_at, data.zone) }));
              App.replace("bookings");
            });
          } catch (e) {
            App.toast(message(e));
            App.replace("bookings");
          }
        },
      }, t("app-user-pay")));
      if (b.can_reschedule) actions.append(el("button", {
        class: "link", dataset: { action: "reschedule" },
        onclick: () => App.go("calendar", { booking: b.id }),
      }, t("app-user-reschedule")));
      if (b.can_cancel) actions.append(el("button", {
        class: "link", dataset: { action: "cancel" },
        onclick: () => confirmCancel(b, actions),
      }, t("app-user-cancel")));
      return node;
    }

    // The policy first, as in the chat, then Yes / Keep.
    function confirmCancel(b, actions) {
      actions.replaceChildren(
        el("p", { class: "hint" }, b.cancel_policy),
        el("button", {
          class: "primary", dataset: { action: "confirm-cancel" },
          onclick: async () => {
            try {
              const done = await App.api("/user/bookings/" + b.id + "/cancel", { body: { moves: b.moves } });
              App.toast(done.message);
            } catch (e) {
              App.toast(message(e));
            }
            App.replace("bookings");
          },
        }, t("app-user-confirm-cancel")),
        el("button", { class: "link", dataset: { action: "keep" }, onclick: () => App.replace("bookings") }, t("app-user-keep")),
      );
    }
  });

  App.homeEntries.push(
    { screen: "performers", label: "app-user-home-performers" },
    { screen: "bookings", label: "app-user-home-bookings" },
  );
})();
