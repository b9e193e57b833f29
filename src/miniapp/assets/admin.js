// admin screens: registered with App.register (see app.js). The figures and every action come
// from /app/api/admin, which runs the chat's admin service calls (audit rows included); the page
// asks for a confirmation before any action.
"use strict";

(() => {
  const { api, t, el } = App;
  const failed = (e) => App.toast((e && e.data && e.data.message) || t("app-error-generic"));

  App.homeEntries.push(
    { screen: "admin-dashboard", label: "app-admin-menu-dashboard", when: (me) => me.admin },
    { screen: "admin-bookings", label: "app-admin-menu-bookings", when: (me) => me.admin },
  );

  // ── Dashboard ───────────────────────────────────────────────────────────────────────
  App.register("admin-dashboard", async (view) => {
    const data = await api("/admin/dashboard");
    view.append(el("h1", {}, t("app-admin-dashboard-title")));
    const block = (title, f) => el("section", { class: "card figures" },
      el("h2", {}, title),
      el("dl", {},
        el("dt", {}, t("app-admin-bookings-count")), el("dd", { dataset: { figure: "bookings" } }, String(f.bookings)),
        el("dt", {}, t("app-admin-stars-taken")), el("dd", {}, `${f.stars_taken} ⭐`),
        el("dt", {}, t("app-admin-stars-refunded")), el("dd", {}, `${f.stars_refunded} ⭐`),
        el("dt", {}, t("app-admin-no-shows")), el("dd", {}, String(f.no_shows))),
      el("div", { class: "chips" }, f.by_status.map((s) =>
        el("button", { class: "chip", dataset: { status: s.status }, onclick: () => App.go("admin-bookings", { status: s.status }) }, `${s.label} · ${s.count}`))));
    view.append(
      block(t("app-admin-today", { zone: data.timezone }), data.today),
      block(t("app-admin-week", { zone: data.timezone }), data.week),
      el("section", { class: "card figures" }, el("dl", {},
        el("dt", {}, t("app-admin-online")), el("dd", {}, String(data.performers_online)),
        el("dt", {}, t("app-admin-waiting")), el("dd", {}, String(data.notices_waiting)))),
      el("button", { class: "menu-item wide", onclick: () => App.go("admin-bookings") }, t("app-admin-menu-bookings")),
    );
  });

  // ── Bookings table ──────────────────────────────────────────────────────────────────
  App.register("admin-bookings", async (view, params) => {
    const filters = {
      status: params.status || "", performer: params.performer || "", user: params.user || "",
      date: params.date || "", page: Number(params.page) || 0,
    };
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value !== "" && value !== 0) query.set(key, value);
    const data = await api("/admin/bookings" + (query.toString() ? "?" + query : ""));
    const any = () => el("option", { value: "" }, t("app-admin-filter-any"));
    const status = el("select", { name: "status" }, any(),
      ...data.statuses.map((s) => el("option", { value: s.status, selected: s.status === filters.status }, s.label)));
    const performer = el("select", { name: "performer" }, any(),
      ...data.performers.map((p) => el("option", { value: String(p.id), selected: String(p.id) === String(filters.performer) }, p.name)));
    const user = el("input", { type: "text", name: "user", value: filters.user, placeholder: "@username" });
    const date = el("input", { type: "date", name: "date", value: filters.date });
    const apply = (page = 0) => App.replace("admin-bookings", {
      status: status.value, performer: performer.value, user: user.value.trim(), date: date.value, page,
    });
    view.append(
      el("h1", {}, t("app-admin-bookings-title")),
      el("form", { class: "filters", onsubmit: (e) => { e.preventDefault(); apply(); } },
        el("label", {}, t("app-admin-filter-status"), status),
        el("label", {}, t("app-admin-filter-performer"), performer),
        el("label", {}, t("app-admin-filter-user"), user),
        el("label", {}, t("app-admin-filter-date"), date),
        el("button", { class: "primary wide", type: "submit" }, t("app-admin-filter-apply"))),
    );
    if (!data.total) {
      view.append(el("p", { class: "hint" }, t("app-admin-none")));
      return;
    }
    view.append(el("p", { class: "hint" }, t("app-admin-results", { total: data.total, page: data.page + 1, pages: data.pages, zone: data.timezone })));
    const list = el("div", { class: "booking-rows" });
    for (const row of data.rows) {
      list.append(el("button", { class: "booking-row", dataset: { booking: row.id, status: row.status }, onclick: () => App.go("admin-booking", { id: row.id }) },
        el("span", { class: "row-top" }, el("b", {}, "#" + row.short_id), " ", row.status_label),
        el("span", {}, row.starts_at ? App.formatWhen(row.starts_at, data.timezone) : "—"),
        el("span", { class: "hint" }, `${row.user} → ${row.performer} · ${row.minutes} min · ${row.price}`)));
    }
    view.append(list);
    const nav = el("div", { class: "pager" });
    if (data.page > 0) nav.append(el("button", { class: "link", dataset: { nav: "prev" }, onclick: () => apply(data.page - 1) }, t("app-admin-prev")));
    if (data.page + 1 < data.pages) nav.append(el("button", { class: "link", dataset: { nav: "next" }, onclick: () => apply(data.page + 1) }, t("app-admin-next")));
    view.append(nav);
  });

  // ── One booking, its history and the chat's admin actions ───────────────────────────
  App.register("admin-booking", async (view, params) => {
    let card = params.card || (await api(`/admin/bookings/${encodeURIComponent(params.id)}`));
    const zone = card.timezone;
    const payment = (p) => p ? t("app-admin-pay-" + p.status.replace(/_/g, "-"), { amount: p.amount }) : t("app-admin-payment-none");
    if (card.notice) view.append(el("p", { class: "card notice", role: "status" }, card.notice));
    view.append(
      el("h1", {}, t("app-admin-booking-title", { id: card.short_id })),
      el("dl", { class: "booking-card" },
        el("dt", {}, t("app-admin-when")), el("dd", {}, card.starts_at ? App.formatWhen(card.starts_at, zone) : "—", ` · ${card.minutes} min`),
        el("dt", {}, t("app-admin-status")), el("dd", { dataset: { status: card.status } }, card.status_label),
        el("dt", {}, t("app-admin-user")), el("dd", {}, card.user ? card.user.name : "—", card.user && card.user.banned ? " " + t("app-admin-banned") : ""),
        el("dt", {}, t("app-admin-performer")), el("dd", {}, card.performer),
        el("dt", {}, t("app-admin-price")), el("dd", {}, card.price),
        el("dt", {}, t("app-admin-payment")), el("dd", { dataset: { payment: card.payment ? card.payment.status : "none" } }, payment(card.payment)),
        card.review ? el("dt", {}, t("app-admin-review")) : null,
        card.review ? el("dd", {}, "⭐".repeat(card.review.stars), " ", card.review.text || "", card.review.hidden ? " " + t("app-admin-review-hidden") : "") : null),
    );

    const confirmBox = el("div", { class: "card confirm", hidden: true });
    const done = (next) => App.replace("admin-booking", { id: card.id, card: next });
    function ask(text, run, needsReason) {
      const reason = needsReason ? el("textarea", { name: "reason", rows: "3", placeholder: t("app-admin-ban-reason") }) : null;
      const yes = el("button", { class: "primary", dataset: { confirm: "yes" }, disabled: needsReason }, t("app-admin-yes"));
      if (reason) reason.addEventListener("input", () => { yes.disabled = !reason.value.trim(); });
      yes.onclick = async () => {
        yes.disabled = true;
        try {
          await run(reason ? reason.value.trim() : undefined);
        } catch (e) {
          failed(e);
          yes.disabled = false;
        }
      };
      confirmBox.replaceChildren(...[
        el("p", {}, text),
        reason ? el("label", {}, t("app-admin-ban-reason"), reason) : null,
        el("div", { class: "row" }, yes, el("button", { class: "link", dataset: { confirm: "no" }, onclick: () => { confirmBox.hidden = true; } }, t("app-admin-no"))),
      ].filter(Boolean));
      confirmBox.hidden = false;
      confirmBox.scrollIntoView({ block: "nearest" });
    }
    const path = `/admin/bookings/${encodeURIComponent(card.id)}`;
    const actions = el("div", { class: "actions" });
    if (card.actions.cancel) {
      actions.append(el("button", { class: "primary wide", dataset: { action: "cancel" }, onclick: () => ask(
        t("app-admin-confirm-cancel", { id: card.short_id, amount: card.price }),
        async () => done(await api(path + "/cancel", { method: "POST", body: {} }))) }, t("app-admin-action-cancel")));
    }
    if (card.actions.refund) {
      actions.append(el("button", { class: "primary wide", dataset: { action: "refund" }, onclick: () => ask(
        t("app-admin-confirm-refund", { id: card.short_id, amount: card.payment ? card.payment.amount : card.price }),
        async () => done(await api(path + "/refund", { method: "POST", body: {} }))) }, t("app-admin-action-refund")));
    }
    if (card.actions.hide_review) {
      actions.append(el("button", { class: "primary wide", dataset: { action: "hide-review" }, onclick: () => ask(
        t("app-admin-confirm-hide"),
        async () => done(await api(path + "/hide-review", { method: "POST", body: {} }))) }, t("app-admin-action-hide")));
    }
    if (card.actions.ban_user && card.user) {
      actions.append(el("button", { class: "primary wide danger", dataset: { action: "ban" }, onclick: () => ask(
        t("app-admin-confirm-ban", { name: card.user.name }),
        async (reason) => {
          const answer = await api(`/admin/users/${card.user.id}/ban`, { method: "POST", body: { reason, booking: card.id } });
          done(answer.card);
        }, true) }, t("app-admin-action-ban")));
    }
    view.append(actions, confirmBox);

    view.append(el("h2", {}, t("app-admin-history", { zone })));
    view.append(el("ol", { class: "events" }, card.events.map((e) => el("li", {},
      el("span", { class: "hint" }, App.formatWhen(e.at, zone)), " ",
      `${e.from ? e.from + " → " : ""}${e.to} · ${e.event} · ${e.actor}`,
      e.reason ? ` (${e.reason})` : ""))));
  });
})();
