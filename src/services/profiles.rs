//! Performer profiles and rates (`PerformerProfileModel`).

use entity::zone::Zone;
use entity::{performer_profiles, performer_rates, user_roles};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use time::OffsetDateTime;

use crate::domain::availability::BookingSettings;
use crate::domain::money::Money;
use crate::domain::profile::{tidy_name, NameLikeness};

pub type Profile = performer_profiles::Model;
pub type Rate = performer_rates::Model;

/// Creates the profile of a new performer (idempotent): display name from their Telegram name
/// (tidied, and numbered if it looks like another performer's), the configured default
/// timezone, no rates yet.
pub async fn ensure(
    db: &impl ConnectionTrait,
    user_id: i64,
    telegram_name: &str,
    timezone: &str,
    now: OffsetDateTime,
) -> Result<Profile, DbErr> {
    if let Some(profile) = by_user(db, user_id).await? {
        return Ok(profile);
    }
    let display_name = initial_name(db, telegram_name).await?;
    let row = performer_profiles::ActiveModel {
        user_id: Set(user_id),
        display_name: Set(display_name),
        bio: Set(String::new()),
        photo_file_id: Set(None),
        tags: Set(serde_json::json!([])),
        timezone: Set(Zone::stored(timezone)),
        online: Set(false),
        status_changed_at: Set(now),
        last_broadcast_at: Set(None),
        buffer_before_min: Set(0),
        buffer_after_min: Set(0),
        min_notice_min: Set(60),
        window_days: Set(30),
        slot_step_min: Set(30),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    performer_profiles::Entity::insert(row)
        .on_conflict(
            OnConflict::column(performer_profiles::Column::UserId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    by_user(db, user_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("profile of user {user_id}")))
}

/// A new performer's first name on the list: their Telegram name without invisible characters,
/// with " 2", " 3" … added while it looks like another performer's (they can change it).
async fn initial_name(db: &impl ConnectionTrait, telegram_name: &str) -> Result<String, DbErr> {
    let mut base: String = tidy_name(telegram_name).chars().take(60).collect();
    if base.chars().count() < 2 {
        base = "Performer".to_owned();
    }
    let names = display_names(db).await?;
    let taken = |name: &str| {
        let likeness = NameLikeness::of(name);
        names
            .iter()
            .any(|(_, other)| likeness.looks_like(&NameLikeness::of(other)))
    };
    let mut name = base.clone();
    let mut number = 1;
    while taken(&name) {
        number += 1;
        name = format!("{base} {number}");
    }
    Ok(name)
}

/// Every profile's id and display name: a few hundred short rows at most.
async fn display_names(db: &impl ConnectionTrait) -> Result<Vec<(i64, String)>, DbErr> {
    performer_profiles::Entity::find()
        .select_only()
        .column(performer_profiles::Column::Id)
        .column(performer_profiles::Column::DisplayName)
        .into_tuple()
        .all(db)
        .await
}

/// Whether `name` looks the same as the display name of a performer other than `profile_id`.
pub async fn name_looks_taken(db: &impl ConnectionTrait, name: &str, profile_id: i64) -> Result<bool, DbErr> {
    let likeness = NameLikeness::of(name);
    Ok(display_names(db)
        .await?
        .iter()
        .any(|(id, other)| *id != profile_id && likeness.looks_like(&NameLikeness::of(other))))
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<Option<Profile>, DbErr> {
    performer_profiles::Entity::find_by_id(id).one(db).await
}

pub async fn by_user(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<Profile>, DbErr> {
    performer_profiles::Entity::find()
        .filter(performer_profiles::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// Sets the Online/Offline status; returns whether it changed.
pub async fn set_online(
    db: &impl ConnectionTrait,
    id: i64,
    online: bool,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let result = performer_profiles::Entity::update_many()
        .col_expr(performer_profiles::Column::Online, Expr::value(online))
        .col_expr(performer_profiles::Column::StatusChangedAt, Expr::value(now))
        .col_expr(performer_profiles::Column::UpdatedAt, Expr::value(now))
        .filter(performer_profiles::Column::Id.eq(id))
        .filter(performer_profiles::Column::Online.eq(!online))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Records that the performer's schedule (rules, blocks, overrides) changed, in the transaction
/// `db` that changes it: cached schedules of the old version are no longer used, and holds
/// checked against one are refused by the database (see `services::booking`).
pub async fn schedule_changed(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    performer_profiles::Entity::update_many()
        .col_expr(
            performer_profiles::Column::ScheduleVersion,
            Expr::col(performer_profiles::Column::ScheduleVersion).add(1),
        )
        .filter(performer_profiles::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub fn settings(profile: &Profile) -> BookingSettings {
    let minutes = |v: i32| u32::try_from(v).unwrap_or(0);
    BookingSettings {
        buffer_before_min: minutes(profile.buffer_before_min),
        buffer_after_min: minutes(profile.buffer_after_min),
        min_notice_min: minutes(profile.min_notice_min),
        window_days: minutes(profile.window_days),
        slot_step_min: minutes(profile.slot_step_min),
    }
}

pub async fn set_settings(
    db: &impl ConnectionTrait,
    id: i64,
    settings: &BookingSettings,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let minutes = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    performer_profiles::Entity::update_many()
        .col_expr(
            performer_profiles::Column::BufferBeforeMin,
            Expr::value(minutes(settings.buffer_before_min)),
        )
        .col_expr(
            performer_profiles::Column::BufferAfterMin,
            Expr::value(minutes(settings.buffer_after_min)),
        )
        .col_expr(
            performer_profiles::Column::MinNoticeMin,
            Expr::value(minutes(settings.min_notice_min)),
        )
        .col_expr(
            performer_profiles::Column::WindowDays,
            Expr::value(minutes(settings.window_days)),
        )
        .col_expr(
            performer_profiles::Column::SlotStepMin,
            Expr::value(minutes(settings.slot_step_min)),
        )
        .col_expr(
            performer_profiles::Column::ScheduleVersion,
            Expr::col(performer_profiles::Column::ScheduleVersion).add(1),
        )
        .col_expr(performer_profiles::Column::UpdatedAt, Expr::value(now))
        .filter(performer_profiles::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_timezone(
    db: &impl ConnectionTrait,
    id: i64,
    tz: &str,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    performer_profiles::Entity::update_many()
        .col_expr(performer_profiles::Column::Timezone, Expr::value(tz))
        .col_expr(
            performer_profiles::Column::ScheduleVersion,
            Expr::col(performer_profiles::Column::ScheduleVersion).add(1),
        )
        .col_expr(performer_profiles::Column::UpdatedAt, Expr::value(now))
        .filter(performer_profiles::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The performer's rates, shortest first.
pub async fn rates(db: &impl ConnectionTrait, performer_id: i64) -> Result<Vec<Rate>, DbErr> {
    performer_rates::Entity::find()
        .filter(performer_rates::Column::PerformerId.eq(performer_id))
        .order_by_asc(performer_rates::Column::DurationMinutes)
        .all(db)
        .await
}

pub async fn rate(db: &impl ConnectionTrait, id: i64) -> Result<Option<Rate>, DbErr> {
    performer_rates::Entity::find_by_id(id).one(db).await
}

/// Adds a rate, or changes the price of the existing rate for that duration.
pub async fn set_rate(
    db: &impl ConnectionTrait,
    performer_id: i64,
    duration_minutes: i32,
    price: Money,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let row = performer_rates::ActiveModel {
        performer_id: Set(performer_id),
        duration_minutes: Set(duration_minutes),
        price: Set(price.amount),
        currency: Set(price.currency),
        created_at: Set(now),
        ..Default::default()
    };
    performer_rates::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                performer_rates::Column::PerformerId,
                performer_rates::Column::DurationMinutes,
            ])
            .update_columns([performer_rates::Column::Price, performer_rates::Column::Currency])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn remove_rate(db: &impl ConnectionTrait, performer_id: i64, rate_id: i64) -> Result<bool, DbErr> {
    let result = performer_rates::Entity::delete_many()
        .filter(performer_rates::Column::Id.eq(rate_id))
        .filter(performer_rates::Column::PerformerId.eq(performer_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// The rate's price as money.
pub fn price(rate: &Rate) -> Money {
    Money::new(rate.price, rate.currency)
}

/// Profiles whose user holds the Performer role now and is not banned (a revoked or banned
/// performer disappears at once).
fn active() -> sea_orm::Select<performer_profiles::Entity> {
    performer_profiles::Entity::find()
        .filter(
            performer_profiles::Column::UserId.in_subquery(
                Query::select()
                    .column(user_roles::Column::UserId)
                    .from(user_roles::Entity)
                    .and_where(user_roles::Column::Role.eq("performer"))
                    .and_where(user_roles::Column::RevokedAt.is_null())
                    .to_owned(),
            ),
        )
        .filter(
            performer_profiles::Column::UserId.not_in_subquery(
                Query::select()
                    .column(entity::users::Column::Id)
                    .from(entity::users::Entity)
                    .and_where(entity::users::Column::BannedAt.is_not_null())
                    .to_owned(),
            ),
        )
}

/// An active performer's profile, or `None` if the role was removed.
pub async fn get_active(db: &impl ConnectionTrait, id: i64) -> Result<Option<Profile>, DbErr> {
    active()
        .filter(performer_profiles::Column::Id.eq(id))
        .one(db)
        .await
}

/// One page of performers online now, most recently online first, and how many there are.
pub async fn online_page(
    db: &impl ConnectionTrait,
    page: u64,
    size: u64,
) -> Result<(Vec<Profile>, u64), DbErr> {
    let query = active().filter(performer_profiles::Column::Online.eq(true));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(performer_profiles::Column::StatusChangedAt)
        .order_by_asc(performer_profiles::Column::Id)
        .offset(page * size)
        .limit(size)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// One page of performers who can be booked (they have a rate), by name.
pub async fn bookable_page(
    db: &impl ConnectionTrait,
    page: u64,
    size: u64,
) -> Result<(Vec<Profile>, u64), DbErr> {
    let query = active().filter(
        performer_profiles::Column::Id.in_subquery(
            Query::select()
                .column(performer_rates::Column::PerformerId)
                .from(performer_rates::Entity)
                .to_owned(),
        ),
    );
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(performer_profiles::Column::DisplayName)
        .order_by_asc(performer_profiles::Column::Id)
        .offset(page * size)
        .limit(size)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Every performer who can be booked (they have a rate), by name, each with the length of
/// their shortest call: the list to schedule for later, before it is checked for free time.
pub async fn bookable(db: &impl ConnectionTrait) -> Result<Vec<(Profile, i32)>, DbErr> {
    let profiles = active()
        .filter(
            performer_profiles::Column::Id.in_subquery(
                Query::select()
                    .column(performer_rates::Column::PerformerId)
                    .from(performer_rates::Entity)
                    .to_owned(),
            ),
        )
        .order_by_asc(performer_profiles::Column::DisplayName)
        .order_by_asc(performer_profiles::Column::Id)
        .all(db)
        .await?;
    let shortest: Vec<(i64, Option<i32>)> = performer_rates::Entity::find()
        .select_only()
        .column(performer_rates::Column::PerformerId)
        .column_as(performer_rates::Column::DurationMinutes.min(), "shortest")
        .filter(performer_rates::Column::PerformerId.is_in(profiles.iter().map(|p| p.id)))
        .group_by(performer_rates::Column::PerformerId)
        .into_tuple()
        .all(db)
        .await?;
    let shortest: std::collections::HashMap<i64, i32> = shortest
        .into_iter()
        .filter_map(|(id, minutes)| Some((id, minutes?)))
        .collect();
    Ok(profiles
        .into_iter()
        .filter_map(|p| {
            let minutes = *shortest.get(&p.id)?;
            Some((p, minutes))
        })
        .collect())
}

/// Whether any performer online now has a photo (their list then shows photos).
pub async fn online_with_photo(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let count = active()
        .filter(performer_profiles::Column::Online.eq(true))
        .filter(performer_profiles::Column::PhotoFileId.is_not_null())
        .count(db)
        .await?;
    Ok(count > 0)
}

/// The profile's tags.
pub fn tags(profile: &Profile) -> Vec<String> {
    serde_json::from_value(profile.tags.clone()).unwrap_or_default()
}
