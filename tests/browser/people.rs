//! The people of the browser tests: a user, a performer and an admin, as the bot knows them.

use pnp_live::clock::Clock;
use pnp_live::services::{profiles, roles, users};

use crate::helpers::{TestApp, TgUser};

pub fn user() -> TgUser {
    TgUser::new(7_200_001, "Ana", Some("ana_br")).portuguese()
}

pub fn english_user() -> TgUser {
    TgUser::new(7_200_002, "Bob", Some("bob"))
}

pub fn admin() -> TgUser {
    TgUser::superadmin()
}

/// Makes `tg` a performer, as an admin's grant does, after they opened the bot.
pub async fn performer(app: &TestApp) -> TgUser {
    let tg = TgUser::new(7_200_010, "Luna", Some("luna_live"));
    app.send_text(&tg, "/start").await;
    let user = users::find_by_telegram_id(&app.db, tg.id)
        .await
        .unwrap()
        .expect("the performer opened the bot");
    let now = app.clock.now();
    roles::grant(&app.db, user.id, roles::Role::Performer, None, now)
        .await
        .unwrap();
    profiles::ensure(&app.db, user.id, &tg.first_name, "America/Mexico_City", now)
        .await
        .unwrap();
    tg
}
