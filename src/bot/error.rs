//! What can stop a handler, and what the front door makes of it.

use sea_orm::DbErr;

use crate::telegram::TelegramError;

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// The database failed: the update must be redelivered, so the front door answers 5xx.
    #[error("database: {0}")]
    Db(#[from] DbErr),
    /// Telegram refused a reply: retrying the whole update would not help.
    #[error(transparent)]
    Telegram(#[from] TelegramError),
    /// A booking rule refused what the update asked (a race lost, a stale button): logged.
    #[error("booking: {0}")]
    Booking(String),
}

pub type Result<T, E = BotError> = std::result::Result<T, E>;
