//! Settings: language, timezone (a common zone or any typed IANA name) and go-online
//! notifications.

use super::browse::user_tz;
use super::menu::main_keyboard;
use crate::bot::callback::Callback;
use crate::bot::{keyboard, ChatState, Ctx, Result};
use crate::i18n::Lang;
use crate::services::users;

pub async fn settings(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let (_, zone) = user_tz(ctx);
    let tz_label = format!("{} ({zone})", t.btn_timezone());
    ctx.show(
        t.settings_title(),
        keyboard(vec![
            vec![(t.btn_language(), Callback::LanguageMenu)],
            vec![(tz_label.as_str(), Callback::TimezoneMenu)],
            vec![(
                t.btn_notifications(!ctx.user.broadcast_opt_out),
                Callback::ToggleNotifications,
            )],
            vec![(t.btn_main_menu(), Callback::MainMenu)],
        ]),
    )
    .await
}

/// The zones most of the audience lives in, offered as buttons before typing one in.
pub const COMMON_ZONES: &[&str] = &[
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Argentina/Buenos_Aires",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/Madrid",
    "UTC",
];

pub async fn timezone_menu(ctx: &Ctx<'_>) -> Result<()> {
    let t = ctx.t;
    let (_, zone) = user_tz(ctx);
    ctx.set_chat_state(&ChatState::AwaitingTimezone).await?;
    let mut rows: Vec<Vec<(&str, Callback)>> = COMMON_ZONES
        .chunks(2)
        .enumerate()
        .map(|(row, pair)| {
            pair.iter()
                .enumerate()
                .map(|(i, z)| (*z, Callback::SetTimezone((row * 2 + i) as u8)))
                .collect()
        })
        .collect();
    rows.push(vec![(t.btn_back(), Callback::Settings)]);
    ctx.show(t.choose_timezone(&zone), keyboard(rows)).await
}

/// Sets the user's timezone from a button (`index`) or typed text; returns to Settings.
pub async fn set_timezone(ctx: &Ctx<'_>, zone: &str) -> Result<()> {
    let t = ctx.t;
    let Ok(tz) = jiff::tz::TimeZone::get(zone.trim()) else {
        return ctx
            .send(
                t.timezone_unknown(zone.trim()),
                Some(keyboard(vec![vec![(t.btn_cancel(), Callback::Settings)]])),
            )
            .await;
    };
    let name = tz.iana_name().unwrap_or(zone.trim()).to_owned();
    users::set_timezone(&ctx.app.db, ctx.user.id, &name, ctx.app.now()).await?;
    ctx.clear_chat_state().await?;
    let mut user = ctx.user.clone();
    user.timezone = Some(entity::zone::Zone::stored(name.clone()));
    let ctx = ctx.with_user(user);
    ctx.send(t.timezone_set(&name), None).await?;
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
        ctx.t.choose_language(),
        keyboard(vec![
            vec![
                ("English", Callback::SetLanguage(Lang::En)),
                ("Español", Callback::SetLanguage(Lang::Es)),
            ],
            vec![(ctx.t.btn_back(), Callback::Settings)],
        ]),
    )
    .await
}

pub async fn set_language(ctx: &Ctx<'_>, lang: Lang) -> Result<()> {
    users::set_language(&ctx.app.db, ctx.user.id, lang.code(), ctx.app.now()).await?;
    let mut user = ctx.user.clone();
    user.language_code = lang.code().to_owned();
    let ctx = ctx.with_user(user);
    let t = ctx.t;
    let text = format!("{}\n\n{}", t.language_set(), t.main_menu_title());
    ctx.show(text, main_keyboard(&ctx).await?).await
}
