//! Settings: language, timezone (a common zone or any typed IANA name) and go-online
//! notifications.

use super::browse::user_tz;
use super::menu::main_keyboard;
use super::UserCb;
use crate::bot::callback::Callback;
use crate::bot::callback_data::ZoneName;
use crate::bot::{keyboard, ChatState, Ctx, Result, COMMON_ZONES};
use crate::i18n::{tr, Lang, Texts};
use crate::services::users;

crate::callback_enum! {
    /// Settings' buttons (`u:s:`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum SettingsCb {
        Show = "s",
        Languages = "l",
        SetLanguage(lang: Lang) = "sl",
        /// Go-online notifications on or off.
        Notifications = "n",
        Timezones = "z",
        /// A zone by its name.
        SetTimezone(zone: ZoneName) = "sz",
        /// What is kept about me (`super::privacy`), a copy of it, deleting my account.
        Privacy = "p",
        Export = "pe",
        Forget = "pd",
        ForgetYes = "py",
    }
}

/// A button of Settings.
pub async fn on_callback(ctx: &Ctx<'_>, cb: SettingsCb) -> Result<()> {
    match cb {
        SettingsCb::Show => settings(ctx).await,
        SettingsCb::Languages => language_menu(ctx).await,
        SettingsCb::SetLanguage(lang) => set_language(ctx, lang).await,
        SettingsCb::Notifications => toggle_notifications(ctx).await,
        SettingsCb::Timezones => timezone_menu(ctx).await,
        SettingsCb::SetTimezone(zone) => set_timezone(ctx, zone.name()).await,
        SettingsCb::Privacy => super::privacy::show(ctx).await,
        SettingsCb::Export => super::privacy::export(ctx).await,
        SettingsCb::Forget => super::privacy::forget_ask(ctx).await,
        SettingsCb::ForgetYes => super::privacy::forget(ctx).await,
    }
}

/// The zone the reader's times are shown in: their choice, else the configured default.
pub fn user_zone(ctx: &Ctx<'_>) -> entity::zone::Zone {
    users::zone(&ctx.user, &ctx.app.config.bot.default_timezone)
}

pub async fn settings(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let (_, zone) = user_tz(ctx);
    let tz_label = format!("{} ({zone})", tr!(t, "btn-timezone"));
    ctx.show(
        tr!(t, "settings-title"),
        keyboard(vec![
            vec![(tr!(t, "btn-language"), SettingsCb::Languages.into())],
            vec![(tz_label, SettingsCb::Timezones.into())],
            vec![(
                notifications_label(t, !ctx.user.broadcast_opt_out),
                SettingsCb::Notifications.into(),
            )],
            vec![(tr!(t, "btn-privacy"), SettingsCb::Privacy.into())],
            vec![(tr!(t, "btn-main-menu"), UserCb::MainMenu.into())],
        ]),
    )
    .await
}

/// The go-online notifications button, showing whether they are on.
pub fn notifications_label(t: Texts, on: bool) -> String {
    if on {
        tr!(t, "btn-notifications-on")
    } else {
        tr!(t, "btn-notifications-off")
    }
}

/// The zones most people writing in this language live in, offered first when the user is
/// asked for theirs; any other city or zone can be typed.
fn likely_zones(lang: &str) -> &'static [&'static str] {
    match lang {
        "es" => &[
            "America/Mexico_City",
            "America/Bogota",
            "America/Lima",
            "America/Argentina/Buenos_Aires",
            "America/Santiago",
            "America/Caracas",
            "Europe/Madrid",
            "America/New_York",
        ],
        "pt" => &[
            "America/Sao_Paulo",
            "America/Manaus",
            "America/Fortaleza",
            "America/Recife",
            "Europe/Lisbon",
            "America/New_York",
        ],
        _ => &[
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
            "Europe/London",
            "Europe/Madrid",
            "America/Mexico_City",
            "America/Sao_Paulo",
        ],
    }
}

/// Whether the user has a zone; if not, asks for it (likely zones for their language, or any
/// city or zone typed) and returns `false`: picking one goes on to `then`.
pub async fn zone_ok(ctx: &Ctx<'_>, then: &UserCb) -> Result<bool> {
    if ctx.user.timezone.is_some() {
        return Ok(true);
    }
    let t = ctx.t;
    let then = Callback::User(then.clone()).data();
    ctx.set_chat_state(&ChatState::User(super::UserInput::Timezone { then: Some(then) }))
        .await?;
    let zones: Vec<ZoneName> = likely_zones(t.0.code())
        .iter()
        .filter_map(|z| ZoneName::new(z))
        .collect();
    let mut rows: Vec<Vec<(String, Callback)>> = zones
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|z| (zone_label(z.name()), SettingsCb::SetTimezone(z.clone()).into()))
                .collect()
        })
        .collect();
    rows.push(vec![(tr!(t, "btn-cancel"), UserCb::CancelInput.into())]);
    ctx.show(tr!(t, "ask-timezone"), keyboard(rows)).await?;
    Ok(false)
}

/// A zone on a button: its city, "Sao Paulo" for `America/Sao_Paulo`.
fn zone_label(name: &str) -> String {
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

/// The IANA zone a typed answer names: a zone name ("europe/madrid" too), or a city as the
/// zone database spells it, accents and case aside ("São Paulo", "new york", "Madrid").
pub fn resolve_zone(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    if let Ok(tz) = jiff::tz::TimeZone::get(typed) {
        return tz
            .iana_name()
            .map(str::to_owned)
            .or_else(|| Some(typed.to_owned()));
    }
    let wanted = fold_city(typed);
    let db = jiff::tz::db();
    let names: Vec<String> = db.available().map(|n| n.as_str().to_owned()).collect();
    names
        .iter()
        .find(|n| fold_city(n) == wanted)
        .or_else(|| {
            names
                .iter()
                .filter(|n| n.contains('/') && !n.starts_with("Etc/"))
                .find(|n| fold_city(n.rsplit('/').next().unwrap_or(n)) == wanted)
        })
        .cloned()
}

/// Lower case, spaces and dashes as underscores, common accents dropped.
fn fold_city(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

pub async fn timezone_menu(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let (_, zone) = user_tz(ctx);
    ctx.set_chat_state(&ChatState::User(super::UserInput::Timezone { then: None }))
        .await?;
    let zones: Vec<ZoneName> = COMMON_ZONES.iter().filter_map(|z| ZoneName::new(z)).collect();
    let mut rows: Vec<Vec<(String, Callback)>> = zones
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|z| (z.name().to_owned(), SettingsCb::SetTimezone(z.clone()).into()))
                .collect()
        })
        .collect();
    rows.push(vec![(tr!(t, "btn-back"), SettingsCb::Show.into())]);
    ctx.show(tr!(t, "choose-timezone", current = &zone), keyboard(rows))
        .await
}

/// Sets the user's timezone from a button or typed text; then goes on to the screen that asked
/// for it, or back to Settings.
pub async fn set_timezone(ctx: &Ctx<'_>, zone: &str) -> Result<()> {
    let t = ctx.t;
    let pending = ctx.chat_state().await?;
    let then = match &pending {
        Some(ChatState::User(super::UserInput::Timezone { then })) => then.clone(),
        _ => None,
    };
    let Some(name) = resolve_zone(zone) else {
        let back = match then {
            Some(_) => UserCb::CancelInput.into(),
            None => SettingsCb::Show.into(),
        };
        return ctx
            .send(
                tr!(t, "timezone-unknown", typed = zone.trim()),
                Some(keyboard(vec![vec![(tr!(t, "btn-cancel"), back)]])),
            )
            .await;
    };
    users::set_timezone(&ctx.app.db, ctx.user.id, &name, ctx.app.now()).await?;
    ctx.clear_chat_state().await?;
    let mut user = ctx.user.clone();
    user.timezone = Some(entity::zone::Zone::stored(name.clone()));
    let ctx = ctx.with_user(user);
    let resume = then.as_deref().and_then(Callback::parse);
    match resume {
        Some(Callback::User(cb)) => {
            // Typed: said first, then the screen as a new message. Tapped: the picker becomes
            // the screen, which names the zone.
            if ctx.origin_message.is_none() {
                ctx.send(tr!(t, "timezone-set", zone = &name), None).await?;
            }
            let mut ignored = frankenstein::methods::AnswerCallbackQueryParams::builder()
                .callback_query_id(String::new())
                .build();
            Box::pin(super::on_callback(&ctx, cb, &mut ignored)).await
        }
        _ => {
            ctx.send(tr!(t, "timezone-set", zone = &name), None).await?;
            settings(&ctx.fresh()).await
        }
    }
}

pub async fn toggle_notifications(ctx: &Ctx<'_>) -> Result<()> {
    let opt_out = !ctx.user.broadcast_opt_out;
    users::set_broadcast_opt_out(&ctx.app.db, ctx.user.id, opt_out, ctx.app.now()).await?;
    let mut user = ctx.user.clone();
    user.broadcast_opt_out = opt_out;
    let ctx = ctx.with_user(user);
    settings(&ctx).await
}

pub async fn language_menu(ctx: &Ctx<'_>) -> Result<()> {
    ctx.show(
        tr!(ctx.t, "choose-language"),
        keyboard(vec![
            // Every loaded language, each named in itself.
            Lang::all()
                .map(|lang| {
                    (
                        tr!(Texts(lang), "language-name"),
                        SettingsCb::SetLanguage(lang).into(),
                    )
                })
                .collect(),
            vec![(tr!(ctx.t, "btn-back"), SettingsCb::Show.into())],
        ]),
    )
    .await
}

pub async fn set_language(ctx: &Ctx<'_>, lang: Lang) -> Result<()> {
    users::set_language(&ctx.app.db, ctx.user.id, lang.code(), ctx.app.now()).await?;
    let mut user = ctx.user.clone();
    user.language_code = lang.code().to_owned();
    let ctx = ctx.with_user(user);
    // A performer's or admin's own menu is in their language: say it again in the new one.
    if ctx.performer_and_admin().await? != (false, false) {
        crate::bot::refresh_commands(ctx.app, &ctx.user).await;
    }
    let t = ctx.t;
    let text = format!("{}\n\n{}", tr!(t, "language-set"), tr!(t, "main-menu-title"));
    ctx.show(text, main_keyboard(&ctx).await?).await
}
