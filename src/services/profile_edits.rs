//! A performer's own edits of their public profile: name, bio, photo, tags. (Rates, timezone
//! and booking settings are in [`super::profiles`].)

use entity::performer_profiles::{self, Column};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use time::OffsetDateTime;

use super::profiles::Profile;

async fn set(
    db: &impl ConnectionTrait,
    id: i64,
    column: Column,
    value: SimpleExpr,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    performer_profiles::Entity::update_many()
        .col_expr(column, value)
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_display_name(
    db: &impl ConnectionTrait,
    id: i64,
    name: &str,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    set(db, id, Column::DisplayName, Expr::value(name), now).await
}

pub async fn set_bio(
    db: &impl ConnectionTrait,
    id: i64,
    bio: &str,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    set(db, id, Column::Bio, Expr::value(bio), now).await
}

/// The Telegram `file_id` of the profile photo, or `None` to remove it.
pub async fn set_photo(
    db: &impl ConnectionTrait,
    id: i64,
    file_id: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    set(db, id, Column::PhotoFileId, Expr::value(file_id), now).await
}

pub async fn set_tags(
    db: &impl ConnectionTrait,
    id: i64,
    tags: &[String],
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let json = serde_json::to_value(tags).map_err(|e| DbErr::Custom(format!("tags: {e}")))?;
    set(db, id, Column::Tags, Expr::value(json), now).await
}

/// The profile's tags (stored as a JSON array of strings).
pub fn tags(profile: &Profile) -> Vec<String> {
    serde_json::from_value(profile.tags.clone()).unwrap_or_default()
}
