//! Slash commands: parsed from a message's text, and the list shown in Telegram's menu.

use frankenstein::types::BotCommand;

use crate::i18n::{tr, Lang, Texts};

/// A slash command, parsed from a message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    Help,
    Admin,
    Cancel,
    /// The performer menu.
    PnpLive,
    Unknown,
}

impl Command {
    pub fn parse(text: &str) -> Option<Command> {
        let word = text.split_whitespace().next()?.strip_prefix('/')?;
        // `/start@SomeBot` in groups; the bot only talks in private chats, so any suffix is ours.
        let name = word.split('@').next().unwrap_or_default().to_ascii_lowercase();
        Some(match name.as_str() {
            "start" => Command::Start,
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
        assert_eq!(Command::parse("/start"), Some(Command::Start));
        assert_eq!(Command::parse("/start@PnpLiveBot ref"), Some(Command::Start));
        assert_eq!(Command::parse("  /HELP"), Some(Command::Help));
        assert_eq!(Command::parse("/whatever"), Some(Command::Unknown));
        assert_eq!(Command::parse("/pnp_live"), Some(Command::PnpLive));
        assert_eq!(Command::parse("hello"), None);
        assert_eq!(Command::parse(""), None);
    }
}
