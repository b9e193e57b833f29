//! PNP Live: the 18+ gate, online performers (paginated), performers to schedule later (those
//! with free time), each list with the performers' photos, and a performer's profile as users
//! see it.

use frankenstein::input_media::{InputMediaPhoto, MediaGroupInputMedia};
use frankenstein::methods::{SendMediaGroupParams, SendPhotoParams};
use frankenstein::types::{InlineKeyboardMarkup, ReplyMarkup};
use frankenstein::AsyncTelegramApi;
use jiff::tz::TimeZone;

use super::book::BookCb;
use super::settings::{notifications_label, SettingsCb};
use super::UserCb;
use crate::bot::callback::Callback;
use crate::bot::callback_data::{Page, PerformerId};
use crate::bot::{keyboard, Ctx, Result};
use crate::domain::money::Money;
use crate::i18n::{tr, Texts};
use crate::services::availability::to_ts;
use crate::services::profiles::{self, Profile};
use crate::services::users;

crate::callback_enum! {
    /// PNP Live's buttons (`u:l:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum BrowseCb {
        /// The performers online now, page n.
        Online(page: Page) = "o",
        /// Performers with free time to schedule for later, page n.
        Later(page: Page) = "l",
        /// The user confirms they are 18+ and accept the terms.
        AcceptAge = "18",
        /// The same, on the gate in front of a performer's card (a deep link): the card follows.
        AcceptAgeThen(performer: PerformerId) = "18v",
        /// A performer's profile, as users see it.
        Profile(performer: PerformerId) = "v",
    }
}

/// A button of PNP Live.
pub async fn on_callback(ctx: &Ctx<'_>, cb: BrowseCb) -> Result<()> {
    match cb {
        BrowseCb::Online(page) => online(ctx, page.0).await,
        BrowseCb::Later(page) => later(ctx, page.0).await,
        BrowseCb::AcceptAge => accept_age(ctx, None).await,
        BrowseCb::AcceptAgeThen(performer) => accept_age(ctx, Some(performer)).await,
        BrowseCb::Profile(performer) => view_profile(ctx, performer.0).await,
    }
}

/// The reader's timezone: their choice, else the configured default.
pub fn user_tz(ctx: &Ctx<'_>) -> (TimeZone, String) {
    let zone = users::zone(&ctx.user, &ctx.app.config.bot.default_timezone);
    (zone.tz().clone(), zone.name().to_owned())
}

/// Whether the user passed the 18+ gate; if not, shows it and returns `false`.
pub async fn age_ok(ctx: &Ctx<'_>) -> Result<bool> {
    age_ok_then(ctx, None).await
}

/// [`age_ok`], whose gate leads to `then`'s profile card once accepted, not to the list.
async fn age_ok_then(ctx: &Ctx<'_>, then: Option<PerformerId>) -> Result<bool> {
    if ctx.user.age_confirmed_at.is_some() {
        return Ok(true);
    }
    let t = ctx.t;
    // The operator's terms for this language when configured, else the locale's own.
    let terms = match ctx.app.config.bot.terms_override(t.0.code()) {
        Some(terms) => terms.to_owned(),
        None => tr!(t, "terms"),
    };
    ctx.show(
        tr!(t, "age-gate", terms = terms),
        keyboard(vec![
            vec![(
                tr!(t, "btn-accept-age"),
                then.map_or(BrowseCb::AcceptAge, BrowseCb::AcceptAgeThen).into(),
            )],
            vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())],
        ]),
    )
    .await?;
    Ok(false)
}

/// The gate accepted: the list of performers, or the card the gate stood in front of.
pub async fn accept_age(ctx: &Ctx<'_>, then: Option<PerformerId>) -> Result<()> {
    users::confirm_age(&ctx.app.db, ctx.user.id, ctx.app.now()).await?;
    let mut user = ctx.user.clone();
    user.age_confirmed_at = Some(ctx.app.now());
    let ctx = ctx.with_user(user);
    match then {
        Some(performer) => view_profile(&ctx, performer.0).await,
        None => online(&ctx, 0).await,
    }
}

fn page_size(ctx: &Ctx<'_>) -> u64 {
    u64::from(ctx.app.config.bot.page_size)
}

fn pages(total: u64, size: u64) -> u64 {
    total.div_ceil(size).max(1)
}

/// Prev/Next buttons for a paginated list, when there is more than one page.
pub fn nav_row(
    t: crate::i18n::Texts,
    page: u16,
    pages: u64,
    to: impl Fn(u16) -> Callback,
) -> Vec<(String, Callback)> {
    let mut row = Vec::new();
    if page > 0 {
        row.push((tr!(t, "btn-prev"), to(page - 1)));
    }
    if u64::from(page) + 1 < pages {
        row.push((tr!(t, "btn-next"), to(page + 1)));
    }
    row
}

/// The performers online now; with nobody online, the ones to schedule for later.
pub async fn online(ctx: &Ctx<'_>, page: u16) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let size = page_size(ctx);
    let (mut performers, total) = profiles::online_page(&ctx.app.db, u64::from(page), size).await?;
    if total == 0 {
        return later(ctx, 0).await;
    }
    let pages = pages(total, size);
    let mut page = page;
    if performers.is_empty() {
        // The list shrank since the button was drawn: show the last page.
        page = (pages - 1) as u16;
        performers = profiles::online_page(&ctx.app.db, u64::from(page), size).await?.0;
    }
    let t = ctx.t;
    let mut text = if pages > 1 {
        tr!(t, "online-title-page", page = page + 1, pages = pages)
    } else {
        tr!(t, "online-title")
    };
    for p in &performers {
        text.push_str(&format!("\n\n{}", summary(ctx, p).await?));
    }
    let markup = list_keyboard(
        ctx,
        &performers,
        page,
        pages,
        |n| BrowseCb::Online(Page(n)).into(),
        vec![(tr!(t, "btn-schedule-later"), BrowseCb::Later(Page(0)).into())],
    );
    let with_photos = profiles::online_with_photo(&ctx.app.db).await?;
    show_list(ctx, &performers, with_photos, text, markup).await
}

/// Performers who can be booked for later: everyone with free time in their booking window.
/// With nobody online it is what PNP Live shows; else it is reached from the online list.
pub async fn later(ctx: &Ctx<'_>, page: u16) -> Result<()> {
    if !age_ok(ctx).await? {
        return Ok(());
    }
    let t = ctx.t;
    let size = page_size(ctx);
    let someone_online = profiles::online_page(&ctx.app.db, 0, 1).await?.1 > 0;
    let candidates = profiles::bookable(&ctx.app.db).await?;
    let any_performer = !candidates.is_empty();
    let bookable = ctx
        .app
        .schedules
        .with_free_time(&ctx.app.db, candidates, to_ts(ctx.app.now()))
        .await?;
    let notifications_on = !ctx.user.broadcast_opt_out;
    let toggle = (
        notifications_label(t, notifications_on),
        SettingsCb::Notifications.into(),
    );
    let online_list = (tr!(t, "btn-online-list"), BrowseCb::Online(Page(0)).into());
    let title = if someone_online {
        tr!(t, "later-title")
    } else {
        nobody_online(t, notifications_on)
    };
    if bookable.is_empty() {
        let first = if someone_online { online_list } else { toggle };
        let markup = keyboard(vec![
            vec![first],
            vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())],
        ]);
        let why = if any_performer {
            tr!(t, "nobody-free-later")
        } else {
            tr!(t, "nobody-at-all")
        };
        return ctx.show(format!("{title}\n\n{why}"), markup).await;
    }
    let total = bookable.len() as u64;
    let pages = pages(total, size);
    let page = page.min((pages - 1) as u16);
    let performers: Vec<Profile> = bookable
        .iter()
        .skip(usize::from(page) * size as usize)
        .take(size as usize)
        .cloned()
        .collect();
    let mut text = title;
    for p in &performers {
        text.push_str(&format!("\n\n{}", summary(ctx, p).await?));
    }
    let extra = if someone_online { online_list } else { toggle };
    let markup = list_keyboard(
        ctx,
        &performers,
        page,
        pages,
        |n| BrowseCb::Later(Page(n)).into(),
        vec![extra],
    );
    let with_photos = bookable.iter().any(|p| p.photo_file_id.is_some());
    show_list(ctx, &performers, with_photos, text, markup).await
}

/// Shows a list of performers. A list with no photo anywhere is an ordinary screen (redrawn in
/// place). A list with photos is always sent anew, the page's photos first (one photo, or an
/// album of them, captioned with the names) and the list with its buttons under them, and the
/// pressed message loses its buttons: text edited in place would sit under another page's
/// photos, and an album cannot carry buttons or be edited into a list.
async fn show_list(
    ctx: &Ctx<'_>,
    performers: &[Profile],
    with_photos: bool,
    text: String,
    markup: InlineKeyboardMarkup,
) -> Result<()> {
    if !with_photos {
        return ctx.show(text, markup).await;
    }
    if let Some(message_id) = ctx.origin_message {
        ctx.retire_keyboard(message_id).await;
    }
    let photos: Vec<(&str, &str)> = performers
        .iter()
        .filter_map(|p| Some((p.photo_file_id.as_deref()?, p.display_name.as_str())))
        .collect();
    match photos.as_slice() {
        [] => {}
        [(photo, name)] => {
            let params = SendPhotoParams::builder()
                .chat_id(ctx.chat_id)
                .photo(photo.to_string())
                .caption(name.to_string())
                .build();
            ctx.app.telegram.send_photo(&params).await?;
        }
        photos => {
            let media = photos
                .iter()
                .map(|(photo, name)| {
                    MediaGroupInputMedia::Photo(
                        InputMediaPhoto::builder()
                            .media(photo.to_string())
                            .caption(name.to_string())
                            .build(),
                    )
                })
                .collect();
            let params = SendMediaGroupParams::builder()
                .chat_id(ctx.chat_id)
                .media(media)
                .build();
            ctx.app.telegram.send_media_group(&params).await?;
        }
    }
    ctx.send(text, Some(markup)).await
}

/// The "nobody online" text, with a note on whether the user hears when someone goes online.
fn nobody_online(t: Texts, notifications_on: bool) -> String {
    let note = if notifications_on {
        tr!(t, "nobody-online-notify-on")
    } else {
        tr!(t, "nobody-online-notify-off")
    };
    format!("{}\n\n{note}", tr!(t, "nobody-online"))
}

/// One line per performer in a list: name, tags, price from.
async fn summary(ctx: &Ctx<'_>, p: &Profile) -> Result<String> {
    let rates = profiles::rates(&ctx.app.db, p.id).await?;
    let mut line = format!("• {}", p.display_name);
    if let Some(badge) = super::review::badge(&ctx.app.db, p.id).await? {
        line.push_str(&format!(" {badge}"));
    }
    if let Some(cheapest) = rates.iter().min_by_key(|r| r.price) {
        line.push_str(&format!(
            " — {} / {}",
            profiles::price(cheapest).format(),
            tr!(ctx.t, "duration-min", minutes = cheapest.duration_minutes)
        ));
    }
    let tags = profiles::tags(p);
    if !tags.is_empty() {
        line.push_str(&format!(
            "\n  {}",
            tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ")
        ));
    }
    Ok(line)
}

fn list_keyboard(
    ctx: &Ctx<'_>,
    performers: &[Profile],
    page: u16,
    pages: u64,
    to: fn(u16) -> Callback,
    extra: Vec<(String, Callback)>,
) -> InlineKeyboardMarkup {
    let t = ctx.t;
    let labels: Vec<String> = performers
        .iter()
        .map(|p| tr!(t, "btn-view-profile", name = &p.display_name))
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = performers
        .iter()
        .zip(&labels)
        .map(|(p, label)| {
            vec![
                (label.clone(), BrowseCb::Profile(PerformerId(p.id)).into()),
                (tr!(t, "btn-book"), BookCb::Start(PerformerId(p.id)).into()),
            ]
        })
        .collect();
    let nav = nav_row(t, page, pages, to);
    if !nav.is_empty() {
        rows.push(nav);
    }
    for button in extra {
        rows.push(vec![button]);
    }
    rows.push(vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())]);
    keyboard(rows)
}

/// A performer's profile: photo when set, name, bio, rates, tags, status, next free times.
pub async fn view_profile(ctx: &Ctx<'_>, performer_id: i64) -> Result<()> {
    if !age_ok_then(ctx, Some(PerformerId(performer_id))).await? {
        return Ok(());
    }
    let t = ctx.t;
    let Some(p) = profiles::get_active(&ctx.app.db, performer_id).await? else {
        return ctx
            .show(
                tr!(t, "performer-gone"),
                keyboard(vec![vec![(tr!(t, "btn-back"), BrowseCb::Online(Page(0)).into())]]),
            )
            .await;
    };
    let (tz, zone) = user_tz(ctx);
    let rates = profiles::rates(&ctx.app.db, p.id).await?;
    let mut text = format!(
        "{}\n{}",
        p.display_name,
        if p.online {
            tr!(t, "status-online")
        } else {
            tr!(t, "status-offline")
        }
    );
    let local = p.timezone.tz();
    text.push_str(&format!(
        "\n{}",
        tr!(
            t,
            "profile-local-time",
            time = t.clock(to_ts(ctx.app.now()), local),
            name = &p.display_name,
            zone = p.timezone.name()
        )
    ));
    if !p.bio.is_empty() {
        text.push_str(&format!("\n\n{}", p.bio));
    }
    text.push_str(&format!("\n\n💰 {}:", tr!(t, "profile-rates")));
    if rates.is_empty() {
        text.push_str(&format!("\n{}", tr!(t, "profile-no-rates")));
    }
    for rate in &rates {
        text.push_str(&format!(
            "\n• {} → {}",
            tr!(t, "duration-min", minutes = rate.duration_minutes),
            profiles::price(rate).format()
        ));
    }
    let tags = profiles::tags(&p);
    if !tags.is_empty() {
        text.push_str(&format!("\n\n🏷 {}: {}", tr!(t, "profile-tags"), tags.join(", ")));
    }
    text.push_str(&super::review::profile_block(ctx, p.id).await?);
    if let Some(shortest) = rates.first() {
        let slots = ctx
            .app
            .schedules
            .next_free_slots(
                &ctx.app.db,
                &p,
                to_ts(ctx.app.now()),
                shortest.duration_minutes,
                3,
            )
            .await?;
        text.push_str(&format!(
            "\n\n🗓 {} ({}):",
            tr!(t, "profile-next-slots"),
            tr!(t, "times-in", zone = &zone)
        ));
        if slots.is_empty() {
            text.push_str(&format!("\n{}", tr!(t, "profile-no-slots")));
        }
        for slot in slots {
            text.push_str(&format!("\n• {}", t.when(slot.start, &tz)));
        }
    }
    let markup = keyboard(vec![
        vec![(tr!(t, "btn-book"), BookCb::Start(PerformerId(p.id)).into())],
        vec![(
            tr!(t, "btn-report"),
            super::report::ReportCb::Performer(PerformerId(p.id)).into(),
        )],
        vec![(tr!(t, "btn-back"), BrowseCb::Online(Page(0)).into())],
    ]);
    let markup = match rates.first() {
        Some(_) => super::book::with_calendar_row(ctx.app, t, markup, 1, p.id, None),
        None => markup,
    };
    match &p.photo_file_id {
        Some(photo) => {
            // A new message: the list (or card) it was opened from loses its buttons, so only
            // the card's lead on, and Back brings the list again under it.
            if let Some(message_id) = ctx.origin_message {
                ctx.retire_keyboard(message_id).await;
            }
            // A caption is limited to 1024 characters.
            let caption: String = text.chars().take(1024).collect();
            let params = SendPhotoParams::builder()
                .chat_id(ctx.chat_id)
                .photo(photo.clone())
                .caption(caption)
                .reply_markup(ReplyMarkup::InlineKeyboardMarkup(markup))
                .build();
            ctx.app.telegram.send_photo(&params).await?;
            Ok(())
        }
        None => ctx.show(text, markup).await,
    }
}

/// A money amount for display.
pub fn money(amount: i64, currency: &str) -> String {
    match crate::domain::money::Currency::new(currency) {
        Ok(c) => Money::new(amount, c).format(),
        Err(_) => format!("{amount} {currency}"),
    }
}
