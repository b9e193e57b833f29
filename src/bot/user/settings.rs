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
    }
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

pub async fn timezone_menu(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let (_, zone) = user_tz(ctx);
    ctx.set_chat_state(&ChatState::User(super::UserInput::Timezone))
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

/// Sets the user's timezone from a button (`index`) or typed text; returns to Settings.
pub async fn set_timezone(ctx: &Ctx<'_>, zone: &str) -> Result<()> {
    let t = ctx.t;
    let Ok(tz) = jiff::tz::TimeZone::get(zone.trim()) else {
        return ctx
            .send(
                tr!(t, "timezone-unknown", typed = zone.trim()),
                Some(keyboard(vec![vec![(
                    tr!(t, "btn-cancel"),
                    SettingsCb::Show.into(),
                )]])),
            )
            .await;
    };
    let name = tz.iana_name().unwrap_or(zone.trim()).to_owned();
    users::set_timezone(&ctx.app.db, ctx.user.id, &name, ctx.app.now()).await?;
    ctx.clear_chat_state().await?;
    let mut user = ctx.user.clone();
    user.timezone = Some(entity::zone::Zone::stored(name.clone()));
    let ctx = ctx.with_user(user);
    ctx.send(tr!(t, "timezone-set", zone = &name), None).await?;
    let ctx = Ctx {
        origin_message: None,
        ..ctx.with_user(ctx.user.clone())
    };
    settings(&ctx).await
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
