//! Storage of a chat's pending multi-step input, keyed by chat id, so a restart does not lose it.
//! The bot decides what the state means; this stores any serde value.

use entity::chat_states;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QuerySelect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::OffsetDateTime;

pub async fn get<S: DeserializeOwned>(db: &impl ConnectionTrait, chat_id: i64) -> Result<Option<S>, DbErr> {
    let Some(row) = chat_states::Entity::find_by_id(chat_id).one(db).await? else {
        return Ok(None);
    };
    // A state written by an older version that no longer parses is dropped, not fatal.
    Ok(serde_json::from_value(row.state).ok())
}

pub async fn set<S: Serialize>(
    db: &impl ConnectionTrait,
    chat_id: i64,
    state: &S,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let json = serde_json::to_value(state).map_err(|e| DbErr::Custom(format!("chat state: {e}")))?;
    let row = chat_states::ActiveModel {
        chat_id: Set(chat_id),
        state: Set(json),
        updated_at: Set(now),
    };
    chat_states::Entity::insert(row)
        .on_conflict(
            OnConflict::column(chat_states::Column::ChatId)
                .update_columns([chat_states::Column::State, chat_states::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Forgets the chat's pending input. Most chats have none: that is found with a read, and only a
/// chat that has one costs a write.
pub async fn clear(db: &impl ConnectionTrait, chat_id: i64) -> Result<(), DbErr> {
    let pending = chat_states::Entity::find_by_id(chat_id)
        .select_only()
        .column(chat_states::Column::ChatId)
        .into_tuple::<i64>()
        .one(db)
        .await?;
    if pending.is_some() {
        chat_states::Entity::delete_by_id(chat_id).exec(db).await?;
    }
    Ok(())
}
