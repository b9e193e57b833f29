//! The user's side: the main menu and Settings, browsing performers, booking a call, paying for
//! it, and My bookings.

pub mod book;
pub mod browse;
pub mod menu;
pub mod my_bookings;
pub mod pay;
pub mod settings;

use frankenstein::types::Message;
use serde::{Deserialize, Serialize};

use crate::bot::{Ctx, Result};
use crate::i18n::tr;

/// The user's pending typed input, kept in `chat_states` as [`crate::bot::ChatState::User`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum UserInput {
    /// Settings asked for any IANA zone name.
    Timezone,
}

/// A typed answer to one of the user's questions.
pub async fn on_input(ctx: &Ctx<'_>, input: UserInput, message: &Message) -> Result<()> {
    match input {
        UserInput::Timezone => match message.text.as_deref() {
            Some(text) => settings::set_timezone(ctx, text).await,
            None => {
                ctx.send(tr!(ctx.t, "unknown-input"), Some(menu::main_keyboard(ctx).await?))
                    .await
            }
        },
    }
}
