// performer screens: registered with App.register (see app.js). Every change is sent to
// /app/api/performer, which saves it through the chat's own services and rules; the page only
// paints and shows what the server answers.
"use strict";

(() => {
  const { api, t, el } = App;
  const put = (path, body) => api(path, { method: "PUT", body });
  const post = (path, body) => api(path, { method: "POST", body });
  const del = (path) => api(path, { method: "DELETE" });
  const failed = (e) => App.toast((e && e.data && e.data.message) || t("app-error-generic"));

  App.homeEntries.push(
    { screen: "perf-week", label: "app-perf-menu-week", when: (me) => me.performer },
    { screen: "perf-calendar", label: "app-perf-menu-calendar", when: (me) => me.performer },
    { screen: "perf-preview", label: "app-perf-menu-preview", when: (me) => me.performer },
    { screen: "perf-profile", label: "app-perf-menu-profile", when: (me) => me.performer },
    { screen: "perf-earnings", label: "app-perf-menu-earnings", when: (me) => me.performer },
  );

  // Weekday names in the viewer's language, Monday first (2024-01-01 was a Monday).
  function weekdayName(index, style = "short") {
    const date = new Date(Date.UTC(2024, 0, 1 + index, 12));
    return new Intl.DateTimeFormat(App.me.language, { weekday: style, timeZone: "UTC" }).format(date);
  }

  // "YYYY-MM-DD" of a local calendar date, as the server reads it.
  function isoDate(year, month, day) {
    return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  }

  function dateLabel(iso, style = { weekday: "short", day: "numeric", month: "short" }) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Intl.DateTimeFormat(App.me.language, Object.assign({ timeZone: "UTC" }, style)).format(new Date(Date.UTC(y, m - 1, d, 12)));
  }

  // ── The week: 7 columns × 48 half-hours, painted by tap or drag ─────────────────────
  App.register("perf-week", async (view) => {
    const week = await api("/performer/week");
    const grid = week.days.map((day) => day.cells.split("").map((c) => c === "1"));
    view.append(
      el("h1", {}, t("app-perf-week-title")),
      el("p", { class: "hint" }, t("app-perf-week-hint", { zone: week.timezone })),
    );
    const table = el("div", { class: "week-grid", role: "grid" });
    table.append(el("div", { class: "week-corner" }));
    for (let d = 0; d < 7; d++) table.append(el("div", { class: "week-head" }, weekdayName(d)));
    const cells = [];
    for (let i = 0; i < 48; i++) {
      const label = i % 2 === 0 ? `${String(i / 2).padStart(2, "0")}:00` : "";
      table.append(el("div", { class: "week-time" }, label));
      for (let d = 0; d < 7; d++) {
        const cell = el("div", {
          class: "week-cell" + (grid[d][i] ? " on" : "") + (i % 2 === 0 ? " hour" : ""),
          role: "gridcell",
          dataset: { day: String(d), cell: String(i) },
          "aria-selected": grid[d][i] ? "true" : "false",
        });
        cells.push(cell);
        table.append(cell);
      }
    }
    // A drag paints every cell it passes with what the first cell becomes.
    let painting = null;
    let last = null;
    const set = (d, i) => {
      if (grid[d][i] === painting) return;
      grid[d][i] = painting;
      const cell = cells[i * 7 + d];
      cell.classList.toggle("on", painting);
      cell.setAttribute("aria-selected", painting ? "true" : "false");
    };
    // A quick drag skips cells between two pointer events: within a day, fill the gap.
    const paint = (cell) => {
      if (!cell || !cell.dataset || cell.dataset.cell === undefined) return;
      const d = Number(cell.dataset.day), i = Number(cell.dataset.cell);
      if (last && last.d === d) {
        for (let k = Math.min(last.i, i); k <= Math.max(last.i, i); k++) set(d, k);
      } else {
        set(d, i);
      }
      last = { d, i };
    };
    table.addEventListener("pointerdown", (event) => {
      const cell = event.target.closest(".week-cell");
      if (!cell) return;
      event.preventDefault();
      painting = !grid[Number(cell.dataset.day)][Number(cell.dataset.cell)];
      last = null;
      paint(cell);
    });
    table.addEventListener("pointermove", (event) => {
      if (painting === null) return;
      paint(document.elementFromPoint(event.clientX, event.clientY));
    });
    const stop = () => { painting = null; last = null; };
    table.addEventListener("pointerup", stop);
    table.addEventListener("pointercancel", stop);
    table.addEventListener("pointerleave", stop);
    view.append(table);
    const summary = el("ul", { class: "week-summary" });
    const showSummary = (days) => {
      summary.replaceChildren(...days.map((day, d) => el("li", {}, el("b", {}, weekdayName(d, "long")), ": ", day.hours)));
    };
    showSummary(week.days);
    view.append(summary);
    App.setMainButton(t("app-perf-week-save"), async () => {
      const days = grid.map((row, d) => ({ weekday: d + 1, cells: row.map((on) => (on ? "1" : "0")).join("") }));
      try {
        const saved = await put("/performer/week", { days });
        showSummary(saved.days);
        App.toast(t("app-perf-saved"));
      } catch (e) {
        failed(e);
      }
    });
  });

  // ── Blocked dates and special hours on a month calendar ─────────────────────────────
  App.register("perf-calendar", async (view, params) => {
    let data = await api("/performer/calendar");
    const [ty, tm] = data.today.split("-").map(Number);
    let year = Number(params.year) || ty, month = Number(params.month) || tm;
    let picked = null;
    view.append(
      el("h1", {}, t("app-perf-calendar-title")),
      el("p", { class: "hint" }, t("app-perf-calendar-hint", { zone: data.timezone })),
      el("p", { class: "legend" },
        el("span", { class: "cal-day blocked" }, "1"), " ", t("app-perf-legend-blocked"), "  ",
        el("span", { class: "cal-day special" }, "1"), " ", t("app-perf-legend-special")),
    );
    const month_box = el("div", { class: "calendar" });
    const detail = el("div", { class: "card cal-detail", hidden: true });
    view.append(month_box, detail);

    const blockOn = (iso) => data.blocks.find((b) => b.from <= iso && iso <= b.to);
    const specialOn = (iso) => data.overrides.find((o) => o.date === iso);

    function drawMonth() {
      const first = new Date(Date.UTC(year, month - 1, 1));
      const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const title = new Intl.DateTimeFormat(App.me.language, { month: "long", year: "numeric", timeZone: "UTC" }).format(first);
      const nav = el("div", { class: "cal-nav" },
        el("button", { class: "link", dataset: { nav: "prev" }, onclick: () => { month -= 1; if (month < 1) { month = 12; year -= 1; } drawMonth(); } }, "‹"),
        el("b", {}, title),
        el("button", { class: "link", dataset: { nav: "next" }, onclick: () => { month += 1; if (month > 12) { month = 1; year += 1; } drawMonth(); } }, "›"));
      const grid = el("div", { class: "cal-grid" });
      for (let d = 0; d < 7; d++) grid.append(el("div", { class: "cal-head" }, weekdayName(d, "narrow")));
      const offset = (first.getUTCDay() + 6) % 7;
      for (let i = 0; i < offset; i++) grid.append(el("div"));
      for (let day = 1; day <= days; day++) {
        const iso = isoDate(year, month, day);
        const past = iso < data.today;
        const classes = ["cal-day"];
        if (blockOn(iso)) classes.push("blocked");
        if (specialOn(iso)) classes.push("special");
        if (iso === data.today) classes.push("today");
        if (iso === picked) classes.push("picked");
        grid.append(el("button", {
          class: classes.join(" "),
          disabled: past || iso > data.last_date,
          dataset: { date: iso },
          onclick: () => { picked = iso; drawMonth(); drawDetail(); },
        }, String(day)));
      }
      month_box.replaceChildren(nav, grid);
    }

    async function act(action) {
      try {
        data = await action();
        App.toast(t("app-perf-saved"));
        drawMonth();
        drawDetail();
      } catch (e) {
        failed(e);
      }
    }

    function drawDetail() {
      if (!picked) { detail.hidden = true; return; }
      detail.hidden = false;
      const block = blockOn(picked);
      const special = specialOn(picked);
      const parts = [el("h2", {}, dateLabel(picked, { weekday: "long", day: "numeric", month: "long", year: "numeric" }))];
      if (block) {
        parts.push(
          el("p", {}, t("app-perf-day-blocked", { from: dateLabel(block.from), to: dateLabel(block.to) })),
          el("button", { class: "primary wide", dataset: { action: "unblock" }, onclick: () => act(() => del(`/performer/blocks/${block.id}`)) }, t("app-perf-unblock")),
        );
      } else {
        const until = el("input", { type: "date", value: picked, min: picked, name: "until" });
        parts.push(
          el("label", {}, t("app-perf-block-until"), until),
          el("button", { class: "primary wide", dataset: { action: "block" }, onclick: () => act(() => post("/performer/blocks", { from: picked, to: until.value || picked })) }, t("app-perf-block")),
        );
      }
      parts.push(el("p", {}, special ? t("app-perf-day-special", { hours: special.hours }) : t("app-perf-day-open")));
      const hours = el("input", { type: "text", name: "hours", placeholder: "10:00-14:00", value: special && !special.closed ? special.hours.replace(/–/g, "-") : "" });
      parts.push(
        el("label", {}, t("app-perf-special-label"), hours),
        el("button", { class: "primary wide", dataset: { action: "special" }, onclick: () => act(() => post("/performer/overrides", { date: picked, hours: hours.value })) }, t("app-perf-special-save")),
      );
      if (special) {
        parts.push(el("button", { class: "link", dataset: { action: "unspecial" }, onclick: () => act(() => del(`/performer/overrides/${special.id}`)) }, t("app-perf-special-remove")));
      }
      detail.replaceChildren(...parts);
    }
    drawMonth();
  });

  // ── The next 14 days as users see them ──────────────────────────────────────────────
  App.register("perf-preview", async (view, params) => {
    const query = params.minutes ? `?minutes=${encodeURIComponent(params.minutes)}` : "";
    const data = await api("/performer/preview" + query);
    view.append(el("h1", {}, t("app-perf-preview-title")));
    if (!data.lengths.length) {
      view.append(el("p", { class: "hint" }, t("app-perf-preview-no-rates")));
      return;
    }
    const select = el("select", { name: "minutes", onchange: () => App.replace("perf-preview", { minutes: select.value }) },
      ...data.lengths.map((m) => el("option", { value: String(m), selected: m === data.minutes }, `${m} min`)));
    view.append(
      el("label", {}, t("app-perf-preview-length"), " ", select),
      el("p", { class: "hint" }, t("app-perf-preview-hint", { minutes: data.minutes, zone: data.timezone })),
    );
    const clock = new Intl.DateTimeFormat(App.me.language, { hour: "2-digit", minute: "2-digit", timeZone: data.timezone });
    const list = el("div", { class: "preview-days" });
    for (const day of data.days) {
      list.append(el("div", { class: "preview-day", dataset: { date: day.date } },
        el("b", {}, dateLabel(day.date)),
        el("div", { class: "chips" }, day.slots.length
          ? day.slots.map((s) => el("span", { class: "chip" }, clock.format(new Date(s))))
          : el("span", { class: "hint" }, "—"))));
    }
    view.append(list);
  });

  // ── Profile with a live preview ─────────────────────────────────────────────────────
  App.register("perf-profile", async (view) => {
    const data = await api("/performer/profile");
    let tags = data.tags.slice();
    view.append(el("h1", {}, t("app-perf-profile-title")));
    const name = el("input", { type: "text", name: "display_name", value: data.display_name, maxlength: "64" });
    const bio = el("textarea", { name: "bio", rows: "5" });
    bio.value = data.bio;
    const bioLabel = el("span");
    const tagsLabel = el("span");
    const tagBox = el("div", { class: "chips" });
    const newTag = el("input", { type: "text", name: "tag", placeholder: t("app-perf-add-tag") });
    const card = el("div", { class: "card profile-preview" });

    function drawTags() {
      const all = data.suggested_tags.map((s) => s.toLowerCase());
      for (const own of tags) if (!all.includes(own.toLowerCase())) all.push(own);
      tagBox.replaceChildren(...all.map((tag) => {
        const on = tags.some((x) => x.toLowerCase() === tag.toLowerCase());
        return el("button", {
          class: "chip" + (on ? " on" : ""),
          dataset: { tag },
          onclick: () => {
            tags = on ? tags.filter((x) => x.toLowerCase() !== tag.toLowerCase()) : tags.concat([tag]);
            drawTags();
            drawPreview();
          },
        }, "#" + tag);
      }));
      tagsLabel.textContent = t("app-perf-tags", { count: tags.length, max: data.max_tags });
    }

    function drawPreview() {
      bioLabel.textContent = t("app-perf-bio", { count: [...bio.value].length, max: data.bio_max_chars });
      bioLabel.classList.toggle("error", [...bio.value].length > data.bio_max_chars);
      card.replaceChildren(...[
        el("p", { class: "hint" }, t("app-perf-preview-card")),
        el("h2", {}, "🎭 " + name.value.trim()),
        el("p", { class: "bio" }, bio.value.trim() || t("app-perf-no-bio")),
        tags.length ? el("p", {}, "🏷 " + tags.map((x) => "#" + x.replace(/ /g, "_")).join(" ")) : null,
        el("p", {}, "💰 " + (data.rates.length ? data.rates.map((r) => t("app-perf-rate", { minutes: r.minutes, price: r.price })).join(" · ") : t("app-perf-no-rates"))),
        el("p", { class: "hint" }, data.has_photo ? t("app-perf-photo-set") : t("app-perf-photo-none")),
      ].filter(Boolean));
    }

    // Rates: one price per call length, saved and removed one at a time with the chat's rules.
    const rateList = el("div", { class: "menu rates" });
    const minutes = el("input", { type: "number", name: "minutes", min: String(data.min_minutes), max: String(data.max_minutes), step: "5", inputmode: "numeric", placeholder: "30" });
    const price = el("input", { type: "text", name: "price", inputmode: "decimal", placeholder: data.currency === "XTR" ? "150" : "25.50" });
    function drawRates() {
      rateList.replaceChildren(...data.rates.map((r) => el("div", { class: "menu-item rate", dataset: { rate: String(r.id) } },
        el("span", {}, t("app-perf-rate", { minutes: r.minutes, price: r.price })),
        el("button", {
          class: "link danger", dataset: { action: "remove-rate" },
          onclick: async () => {
            try {
              Object.assign(data, await del(`/performer/rates/${r.id}`));
              App.toast(t("app-perf-rate-removed"));
            } catch (e) {
              failed(e);
            }
            drawRates();
            drawPreview();
          },
        }, t("app-perf-rate-remove")))));
    }
    const saveRate = el("button", {
      class: "primary", dataset: { action: "save-rate" },
      onclick: async () => {
        try {
          Object.assign(data, await post("/performer/rates", { minutes: Number(minutes.value), price: price.value.trim() }));
          minutes.value = "";
          price.value = "";
          App.toast(t("app-perf-saved"));
        } catch (e) {
          failed(e);
        }
        drawRates();
        drawPreview();
      },
    }, t("app-perf-rate-save"));

    name.addEventListener("input", drawPreview);
    bio.addEventListener("input", drawPreview);
    const addTag = () => {
      const tag = newTag.value.trim().replace(/^#/, "");
      if (tag && !tags.some((x) => x.toLowerCase() === tag.toLowerCase())) tags.push(tag);
      newTag.value = "";
      drawTags();
      drawPreview();
    };
    view.append(
      el("label", {}, t("app-perf-name"), name),
      el("label", {}, bioLabel, bio),
      el("label", {}, tagsLabel), tagBox,
      el("div", { class: "row" }, newTag, el("button", { class: "primary", onclick: addTag }, t("app-perf-add"))),
      el("h2", {}, t("app-perf-rates-title")),
      el("p", { class: "hint" }, t("app-perf-rates-hint", { min: data.min_minutes, max: data.max_minutes, count: data.max_rates })),
      rateList,
      el("div", { class: "row rate-form" },
        el("label", {}, t("app-perf-rate-minutes"), minutes),
        el("label", {}, t("app-perf-rate-price", { currency: data.currency === "XTR" ? "⭐" : data.currency }), price),
        saveRate),
      card,
    );
    drawRates();
    drawTags();
    drawPreview();
    App.setMainButton(t("app-perf-profile-save"), async () => {
      try {
        const saved = await put("/performer/profile", { display_name: name.value, bio: bio.value, tags });
        tags = saved.tags.slice();
        name.value = saved.display_name;
        drawTags();
        drawPreview();
        App.toast(t("app-perf-saved"));
      } catch (e) {
        failed(e);
      }
    });
  });

  // ── Earnings ────────────────────────────────────────────────────────────────────────
  App.register("perf-earnings", async (view) => {
    const data = await api("/performer/earnings");
    view.append(
      el("h1", {}, t("app-perf-earnings-title")),
      el("p", { class: "hint" }, t("app-perf-earnings-hint", { percent: data.commission_percent, zone: data.timezone })),
    );
    if (!data.lines.length) {
      view.append(el("p", {}, t("app-perf-earnings-none")));
      return;
    }
    for (const line of data.lines) {
      view.append(el("div", { class: "card earnings" },
        data.lines.length > 1 ? el("h2", {}, line.currency) : null,
        el("dl", {},
          el("dt", {}, t("app-perf-earnings-week")), el("dd", {}, line.week),
          el("dt", {}, t("app-perf-earnings-month")), el("dd", {}, line.month),
          el("dt", {}, t("app-perf-earnings-all")), el("dd", {}, line.all_time),
          el("dt", {}, t("app-perf-earnings-owed")), el("dd", {}, line.owed)),
        el("p", { class: "hint" }, line.last_payout_at
          ? t("app-perf-earnings-last-payout", { when: App.formatWhen(line.last_payout_at, data.timezone) })
          : t("app-perf-earnings-no-payout"))));
    }
  });
})();
