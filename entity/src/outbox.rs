//! A Bot API call kept to be sent later: an update could not wait out Telegram's 429 within its
//! time budget. Open while neither `sent_at` nor `given_up_at` is set; a row with
//! `claimed_until` in the future is being sent by some process.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The chat the call addresses: rows of one chat are sent in id order.
    pub chat_id: i64,
    /// The Bot API method (`sendMessage`, `sendInvoice`).
    pub method: String,
    /// The call's parameters as JSON.
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    /// Not sent before this (the 429's retry_after, pushed on by later 429s).
    pub not_before: TimeDateTimeWithTimeZone,
    pub attempts: i32,
    /// The lease of the sender holding it.
    pub claimed_until: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub sent_at: Option<TimeDateTimeWithTimeZone>,
    /// Telegram refused it for good (the user blocked the bot, a 400) or it kept failing.
    pub given_up_at: Option<TimeDateTimeWithTimeZone>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
