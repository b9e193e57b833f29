//! Slash commands: parsed from a message's text, and the lists shown in Telegram's menu: one
//! per language for everyone (the default scope, set at start-up), and one per chat for
//! performers and admins (set whenever a role is granted or removed, and for superadmins at
//! start-up).

use entity::users;
use frankenstein::methods::{DeleteMyCommandsParams, SetMyCommandsParams};
use frankenstein::types::{BotCommand, BotCommandScope, BotCommandScopeChat, ChatId};
use frankenstein::AsyncTelegramApi;
use tracing::warn;

use crate::i18n::{tr, Lang, Texts};
use crate::services::roles::{self, Role};
use crate::state::AppState;

/// A slash command, parsed from a message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start`, with the payload of a `t.me/<bot>?start=…` link when it came from one.
    Start(Option<StartLink>),
    Help,
    /// My bookings, as a new message.
    Bookings,
    /// Settings, as a new message.
    Settings,
    /// What is kept about me, a copy, deleting my account.
    Privacy,
    Admin,
    /// Stops a pending question; works everywhere, though it is not in the menu.
    Cancel,
    /// The performer menu.
    PnpLive,
    Unknown,
}

/// Where a deep link (`t.me/<bot>?start=<payload>`) leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartLink {
    /// `p_<performer id>`: that performer's profile card.
    Performer(i64),
    /// A payload this build does not know (an old link, a typo, garbage).
    Invalid,
}

impl StartLink {
    /// The link that opens `performer_id`'s profile through the bot `username`.
    pub fn performer_url(username: &str, performer_id: i64) -> String {
        format!("https://t.me/{username}?start=p_{performer_id}")
    }

    fn parse(payload: &str) -> StartLink {
        payload
            .strip_prefix("p_")
            .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|id| id.parse::<i64>().ok())
            .filter(|id| *id > 0)
            .map_or(StartLink::Invalid, StartLink::Performer)
    }
}

impl Command {
    pub fn parse(text: &str) -> Option<Command> {
        let mut words = text.split_whitespace();
        let word = words.next()?.strip_prefix('/')?;
        // `/start@SomeBot` in groups; the bot only talks in private chats, so any suffix is ours.
        let name = word.split('@').next().unwrap_or_default().to_ascii_lowercase();
        Some(match name.as_str() {
            "start" => Command::Start(words.next().map(StartLink::parse)),
            "help" => Command::Help,
            "bookings" => Command::Bookings,
            "settings" => Command::Settings,
            "privacy" => Command::Privacy,
            "admin" => Command::Admin,
            "cancel" => Command::Cancel,
            "pnp_live" => Command::PnpLive,
            _ => Command::Unknown,
        })
    }
}

/// The commands of Telegram's menu in one language: everyone's, then `/pnp_live` for a
/// performer and `/admin` for an admin. `/cancel` stays out: it only means something while a
/// question is open, and every question says so.
pub fn commands(lang: Lang, performer: bool, admin: bool) -> Vec<BotCommand> {
    let t = Texts(lang);
    let mut list = vec![
        ("start", tr!(t, "cmd-start")),
        ("help", tr!(t, "cmd-help")),
        ("bookings", tr!(t, "cmd-bookings")),
        ("settings", tr!(t, "cmd-settings")),
        ("privacy", tr!(t, "cmd-privacy")),
    ];
    if performer {
        list.push(("pnp_live", tr!(t, "cmd-pnp-live")));
    }
    if admin {
        list.push(("admin", tr!(t, "cmd-admin")));
    }
    list.into_iter()
        .map(|(command, description)| BotCommand {
            command: command.to_owned(),
            description,
            is_ephemeral: None,
        })
        .collect()
}

/// Registers everyone's menu, once per loaded language; English is also the menu of every
/// language the bot does not speak. Failures are logged.
pub async fn set_default_commands(app: &AppState) {
    for lang in Lang::all() {
        let params = SetMyCommandsParams {
            commands: commands(lang, false, false),
            scope: None,
            language_code: (lang != Lang::EN).then(|| lang.code().to_owned()),
        };
        if let Err(e) = app.telegram.direct().set_my_commands(&params).await {
            warn!(error = %e, language = lang.code(), "could not register the command menu");
        }
    }
}

/// Gives `user`'s private chat the menu of their roles, in their language; someone with no
/// role gets the chat's own list taken away, so everyone's menu (in their Telegram language)
/// applies again. Failures are logged: the commands work whether listed or not.
pub async fn refresh_commands(app: &AppState, user: &users::Model) {
    let held = match roles::active(&app.db, user.id).await {
        Ok(held) => held,
        Err(e) => {
            warn!(user_id = user.id, error = %e, "could not read roles for the command menu");
            return;
        }
    };
    let admin = app.config.is_superadmin(user.telegram_id) || held.contains(&Role::Admin);
    let lang = Lang::from_stored(&user.language_code);
    set_chat_commands(
        app,
        user.telegram_id,
        lang,
        held.contains(&Role::Performer),
        admin,
    )
    .await;
}

/// The menu of one private chat (whose id is the person's Telegram id).
pub async fn set_chat_commands(app: &AppState, chat_id: i64, lang: Lang, performer: bool, admin: bool) {
    let scope = Some(BotCommandScope::Chat(BotCommandScopeChat {
        chat_id: ChatId::Integer(chat_id),
    }));
    let telegram = app.telegram.direct();
    let result = if performer || admin {
        let params = SetMyCommandsParams {
            commands: commands(lang, performer, admin),
            scope,
            language_code: None,
        };
        telegram.set_my_commands(&params).await.map(|_| ())
    } else {
        let params = DeleteMyCommandsParams {
            scope,
            language_code: None,
        };
        telegram.delete_my_commands(&params).await.map(|_| ())
    };
    if let Err(e) = result {
        warn!(chat_id, error = %e, "could not set the chat's command menu");
    }
}

/// At start-up: every superadmin's chat gets the admin menu (they hold no stored role that a
/// grant would have refreshed it with).
pub async fn set_superadmin_commands(app: &AppState) {
    for &telegram_id in &app.config.telegram.superadmins {
        match crate::services::users::find_by_telegram_id(&app.db, telegram_id).await {
            Ok(Some(user)) => refresh_commands(app, &user).await,
            Ok(None) => {
                let lang = Lang::from_stored(&app.config.bot.default_language);
                set_chat_commands(app, telegram_id, lang, false, true).await;
            }
            Err(e) => warn!(telegram_id, error = %e, "could not read a superadmin for the command menu"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_parsed_with_or_without_the_bot_name() {
        assert_eq!(Command::parse("/start"), Some(Command::Start(None)));
        assert_eq!(
            Command::parse("/start@PnpLiveBot ref"),
            Some(Command::Start(Some(StartLink::Invalid)))
        );
        assert_eq!(Command::parse("  /HELP"), Some(Command::Help));
        assert_eq!(Command::parse("/whatever"), Some(Command::Unknown));
        assert_eq!(Command::parse("/pnp_live"), Some(Command::PnpLive));
        assert_eq!(Command::parse("hello"), None);
        assert_eq!(Command::parse(""), None);
    }

    #[test]
    fn a_deep_link_names_a_performer_or_is_invalid() {
        let start = |text| match Command::parse(text) {
            Some(Command::Start(link)) => link,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(start("/start p_42"), Some(StartLink::Performer(42)));
        assert_eq!(
            StartLink::performer_url("PnpLiveBot", 42),
            "https://t.me/PnpLiveBot?start=p_42"
        );
        for garbage in [
            "/start p_",
            "/start p_0",
            "/start p_-3",
            "/start p_4x",
            "/start q_42",
            "/start p_99999999999999999999",
        ] {
            assert_eq!(start(garbage), Some(StartLink::Invalid), "{garbage}");
        }
    }
}
