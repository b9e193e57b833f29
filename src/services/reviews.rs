//! Reviews of completed calls: one per booking, by its user only, 1 to 5 stars and a few words.
//! Admins hide a review (who and when are kept on the row); nothing is deleted.
//! `review_requests` remembers when the user was asked, so the reminder goes out once.

use entity::{bookings, disputes, review_requests, reviews, users};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TryInsertResult,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::booking::BookingStatus;
use crate::domain::profile::tidy_name;

pub use entity::reviews::Model as Review;

/// What [`rate`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rated {
    Saved,
    /// This booking has a review already (a double tap, or a second device).
    Already,
    /// Not this user's booking, or not a completed call.
    NotAllowed,
}

/// Records that the user of `booking` was asked (once; later calls change nothing).
pub async fn asked(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
    user_id: i64,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let row = review_requests::ActiveModel {
        booking_id: Set(booking_id),
        user_id: Set(user_id),
        asked_at: Set(now),
        reminded_at: Set(None),
    };
    let result = review_requests::Entity::insert(row)
        .on_conflict(
            OnConflict::column(review_requests::Column::BookingId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(n) if n > 0))
}

/// Saves `rating` (1–5) for booking `booking_id` by user `user_id`: only the booking's user,
/// only for a completed call, only once.
pub async fn rate(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
    user_id: i64,
    rating: u8,
    now: OffsetDateTime,
) -> Result<Rated, DbErr> {
    if !(1..=5).contains(&rating) {
        return Ok(Rated::NotAllowed);
    }
    let Some(booking) = bookings::Entity::find_by_id(booking_id).one(db).await? else {
        return Ok(Rated::NotAllowed);
    };
    if booking.user_id != user_id || booking.status != BookingStatus::Completed {
        return Ok(Rated::NotAllowed);
    }
    let row = reviews::ActiveModel {
        booking_id: Set(booking_id),
        user_id: Set(user_id),
        performer_id: Set(booking.performer_id),
        rating: Set(i16::from(rating)),
        text: Set(None),
        hidden_by: Set(None),
        hidden_at: Set(None),
        created_at: Set(now),
    };
    let result = reviews::Entity::insert(row)
        .on_conflict(
            OnConflict::column(reviews::Column::BookingId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    Ok(match result {
        TryInsertResult::Inserted(n) if n > 0 => Rated::Saved,
        _ => Rated::Already,
    })
}

/// `input` as a review text: invisible characters out, whitespace runs made one space, at most
/// `max_chars` characters. `None` when nothing visible is left.
pub fn clean_text(input: &str, max_chars: usize) -> Option<String> {
    let text: String = tidy_name(input).chars().take(max_chars).collect();
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// Adds the words to the user's review of `booking_id`, once; `false` if there is no such
/// review of theirs or it has words already.
pub async fn add_text(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
    user_id: i64,
    text: &str,
) -> Result<bool, DbErr> {
    let result = reviews::Entity::update_many()
        .col_expr(reviews::Column::Text, Expr::value(text.to_owned()))
        .filter(reviews::Column::BookingId.eq(booking_id))
        .filter(reviews::Column::UserId.eq(user_id))
        .filter(reviews::Column::Text.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn get(db: &impl ConnectionTrait, booking_id: Uuid) -> Result<Option<Review>, DbErr> {
    reviews::Entity::find_by_id(booking_id).one(db).await
}

/// A performer's visible reviews: (sum of stars, count).
pub async fn stats(db: &impl ConnectionTrait, performer_id: i64) -> Result<(i64, i64), DbErr> {
    let row: Option<(i64, i64)> = reviews::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(rating), 0) AS BIGINT)"), "total")
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .filter(reviews::Column::PerformerId.eq(performer_id))
        .filter(reviews::Column::HiddenAt.is_null())
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.unwrap_or((0, 0)))
}

/// "4.7": the average of `total` over `count` with one decimal, rounded half up.
pub fn average(total: i64, count: i64) -> String {
    if count <= 0 {
        return String::new();
    }
    let tenths = (total * 20 + count) / (count * 2);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A review with its writer's first name (never their username).
#[derive(Debug, Clone)]
pub struct Shown {
    pub review: Review,
    pub first_name: String,
}

async fn with_names(db: &impl ConnectionTrait, list: Vec<Review>) -> Result<Vec<Shown>, DbErr> {
    let ids: Vec<i64> = list.iter().map(|r| r.user_id).collect();
    let people = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?;
    Ok(list
        .into_iter()
        .map(|review| {
            let first_name = people
                .iter()
                .find(|u| u.id == review.user_id)
                .map(|u| tidy_name(&u.first_name))
                .and_then(|n| n.split(' ').next().map(str::to_owned))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "—".to_owned());
            Shown { review, first_name }
        })
        .collect())
}

/// The latest `limit` visible reviews of a performer that have words, newest first.
pub async fn latest_texts(
    db: &impl ConnectionTrait,
    performer_id: i64,
    limit: u64,
) -> Result<Vec<Shown>, DbErr> {
    let list = reviews::Entity::find()
        .filter(reviews::Column::PerformerId.eq(performer_id))
        .filter(reviews::Column::HiddenAt.is_null())
        .filter(reviews::Column::Text.is_not_null())
        .order_by_desc(reviews::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?;
    with_names(db, list).await
}

/// A page of reviews, newest first: of one performer (visible ones) or, for admins, of everyone
/// (hidden ones too). Returns the page and the total count.
pub async fn page(
    db: &impl ConnectionTrait,
    performer_id: Option<i64>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Shown>, u64), DbErr> {
    let mut query = reviews::Entity::find();
    if let Some(id) = performer_id {
        query = query
            .filter(reviews::Column::PerformerId.eq(id))
            .filter(reviews::Column::HiddenAt.is_null());
    }
    let total = query.clone().count(db).await?;
    let list = query
        .order_by_desc(reviews::Column::CreatedAt)
        .order_by_asc(reviews::Column::BookingId)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((with_names(db, list).await?, total))
}

/// Hides a review (kept, with who hid it and when); `false` if it was hidden already.
pub async fn hide(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    booking_id: Uuid,
    by: i64,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    set_hidden(db, booking_id, by, true, now).await
}

/// Shows a hidden review again; `false` if it was not hidden.
pub async fn unhide(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    booking_id: Uuid,
    by: i64,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    set_hidden(db, booking_id, by, false, now).await
}

/// Hides or shows a review, with the admin's audit row (naming the review's author) in the same
/// transaction; `false` if it already was so.
async fn set_hidden(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    booking_id: Uuid,
    by: i64,
    hidden: bool,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let (hidden_by, hidden_at, was) = if hidden {
        (Some(by), Some(now), reviews::Column::HiddenAt.is_null())
    } else {
        (None, None, reviews::Column::HiddenAt.is_not_null())
    };
    let result = reviews::Entity::update_many()
        .col_expr(reviews::Column::HiddenBy, Expr::value(hidden_by))
        .col_expr(reviews::Column::HiddenAt, Expr::value(hidden_at))
        .filter(reviews::Column::BookingId.eq(booking_id))
        .filter(was)
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Ok(false);
    }
    let author = entity::bookings::Entity::find_by_id(booking_id)
        .one(&txn)
        .await?
        .map(|b| b.user_id);
    let action = if hidden {
        super::audit::HIDE_REVIEW
    } else {
        super::audit::UNHIDE_REVIEW
    };
    super::audit::record(&txn, by, action, author, Some(booking_id.to_string()), now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Bookings whose user was asked at least `after` ago, has not reviewed, did not open a
/// dispute, and was not reminded yet.
pub async fn due_reminders(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
    after: time::Duration,
    limit: u64,
) -> Result<Vec<Uuid>, DbErr> {
    let reviewed = Query::select()
        .column(reviews::Column::BookingId)
        .from(reviews::Entity)
        .to_owned();
    let disputed = Query::select()
        .column(disputes::Column::BookingId)
        .from(disputes::Entity)
        .to_owned();
    review_requests::Entity::find()
        .select_only()
        .column(review_requests::Column::BookingId)
        .filter(review_requests::Column::RemindedAt.is_null())
        .filter(review_requests::Column::AskedAt.lte(now - after))
        .filter(
            Condition::all()
                .add(review_requests::Column::BookingId.not_in_subquery(reviewed))
                .add(review_requests::Column::BookingId.not_in_subquery(disputed)),
        )
        .order_by_asc(review_requests::Column::AskedAt)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Claims the one reminder of a booking; `false` if it was claimed (sent) before.
pub async fn claim_reminder(
    db: &impl ConnectionTrait,
    booking_id: Uuid,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let result = review_requests::Entity::update_many()
        .col_expr(review_requests::Column::RemindedAt, Expr::value(now))
        .filter(review_requests::Column::BookingId.eq(booking_id))
        .filter(review_requests::Column::RemindedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_have_one_decimal_rounded_half_up() {
        assert_eq!(average(47, 10), "4.7");
        assert_eq!(average(5, 1), "5.0");
        assert_eq!(average(9, 2), "4.5");
        // 14 / 3 = 4.666…
        assert_eq!(average(14, 3), "4.7");
        assert_eq!(average(0, 0), "");
    }

    #[test]
    fn texts_lose_invisible_characters_and_their_length() {
        assert_eq!(
            clean_text("  muy\u{200B} bien\n\ngracias ", 500).as_deref(),
            Some("muy bien gracias")
        );
        assert_eq!(clean_text("\u{202E}\u{200D}", 500), None);
        assert_eq!(clean_text("abcdef", 3).as_deref(), Some("abc"));
    }
}
