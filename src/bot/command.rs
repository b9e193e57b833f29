//! Slash commands: parsed from a message's text, and the list shown in Telegram's menu.

use frankenstein::types::BotCommand;

use crate::i18n::{tr, Lang, Texts};

/// A slash command, parsed from a message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start`, with the payload of a `t.me/<bot>?start=…` link when it came from one.
    Start(Option<StartLink>),
    Help,
    Admin,
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
            "admin" => Command::Admin,
            "cancel" => Command::Cancel,
            "pnp_live" => Command::PnpLive,
            _ => Command::Unknown,
        })
    }
}

/// The commands shown in Telegram's menu, in one language; set at start-up.
pub fn commands(lang: Lang) -> Vec<BotCommand> {
    let t = Texts(lang);
    [
        ("start", tr!(t, "cmd-start")),
        ("help", tr!(t, "cmd-help")),
        ("cancel", tr!(t, "cmd-cancel")),
        ("pnp_live", tr!(t, "cmd-pnp-live")),
    ]
    .into_iter()
    .map(|(command, description)| BotCommand {
        command: command.to_owned(),
        description,
        is_ephemeral: None,
    })
    .collect()
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
