//! What is stored about a person, as they may ask to see it (`/privacy` → Export), and deleting
//! their account: their personal data goes, their bookings and payments stay (accounting needs
//! them) tied to an anonymous row.

use entity::{booking_events, bookings, broadcast_deliveries, chat_states, payments, reviews, users};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::availability::occupying_statuses;
use super::roles;

/// Everything the bot keeps about `user`, as JSON: the account, their bookings (with their
/// history), payments and reviews.
pub async fn export(db: &impl ConnectionTrait, user: &users::Model) -> Result<Value, DbErr> {
    let at = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    let booked = bookings::Entity::find()
        .filter(bookings::Column::UserId.eq(user.id))
        .order_by_asc(bookings::Column::CreatedAt)
        .all(db)
        .await?;
    let mut rows = Vec::with_capacity(booked.len());
    for b in &booked {
        let history = booking_events::Entity::find()
            .filter(booking_events::Column::BookingId.eq(b.id))
            .order_by_asc(booking_events::Column::Id)
            .all(db)
            .await?;
        rows.push(json!({
            "id": b.id,
            "performer_id": b.performer_id,
            "status": b.status.as_str(),
            "starts_at": b.starts_at.map(at),
            "ends_at": b.ends_at.map(at),
            "minutes": b.duration_minutes,
            "price": b.price,
            "currency": b.currency.to_string(),
            "created_at": at(b.created_at),
            "history": history.iter().map(|e| json!({
                "event": e.event,
                "from": e.from_status.map(|s| s.as_str()),
                "to": e.to_status.as_str(),
                "at": at(e.at),
            })).collect::<Vec<_>>(),
        }));
    }
    let paid = payments::Entity::find()
        .filter(payments::Column::UserId.eq(user.id))
        .order_by_asc(payments::Column::Id)
        .all(db)
        .await?;
    let written = reviews::Entity::find()
        .filter(reviews::Column::UserId.eq(user.id))
        .all(db)
        .await?;
    Ok(json!({
        "account": {
            "telegram_id": user.telegram_id,
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language_code,
            "timezone": user.timezone.as_ref().map(|z| z.name().to_owned()),
            "age_confirmed_at": user.age_confirmed_at.map(at),
            "go_online_notices": !user.broadcast_opt_out,
            "created_at": at(user.created_at),
        },
        "bookings": rows,
        "payments": paid.iter().map(|p| json!({
            "booking_id": p.booking_id,
            "charge_id": p.telegram_payment_charge_id,
            "amount": p.amount,
            "currency": p.currency,
            "status": p.status.as_str(),
            "paid_at": at(p.created_at),
            "refunded_at": p.refunded_at.map(at),
        })).collect::<Vec<_>>(),
        "reviews": written.iter().map(|r| json!({
            "booking_id": r.booking_id,
            "stars": r.rating,
            "text": r.text,
            "at": at(r.created_at),
        })).collect::<Vec<_>>(),
    }))
}

/// Why an account is not deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// A performer or an admin: their role must be removed by an admin first.
    Staff,
    /// Bookings held, paid or in progress: cancelled or over first.
    Upcoming(u64),
}

/// Deletes `user`'s account: names, @username, language and zone choices, age confirmation,
/// pending questions and review texts go; the row stays, anonymous (its Telegram id replaced by
/// a negative number no Telegram user has, so writing again starts a new account), so the
/// bookings and payments it holds stay whole. One transaction.
pub async fn forget(
    db: &crate::db::Db,
    user: &users::Model,
    now: OffsetDateTime,
) -> Result<Result<(), Kept>, DbErr> {
    if !roles::active(db, user.id).await?.is_empty() {
        return Ok(Err(Kept::Staff));
    }
    let upcoming = bookings::Entity::find()
        .filter(bookings::Column::UserId.eq(user.id))
        .filter(bookings::Column::Status.is_in(occupying_statuses()))
        .all(db)
        .await?
        .len() as u64;
    if upcoming > 0 {
        return Ok(Err(Kept::Upcoming(upcoming)));
    }
    let txn = crate::db::begin_write(db).await?;
    users::Entity::update_many()
        .col_expr(users::Column::TelegramId, Expr::value(-user.id))
        .col_expr(users::Column::Username, Expr::value(Option::<String>::None))
        .col_expr(users::Column::FirstName, Expr::value("Deleted user"))
        .col_expr(users::Column::LastName, Expr::value(Option::<String>::None))
        .col_expr(users::Column::Timezone, Expr::value(Option::<String>::None))
        .col_expr(
            users::Column::AgeConfirmedAt,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(users::Column::BroadcastOptOut, Expr::value(true))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    chat_states::Entity::delete_many()
        .filter(chat_states::Column::ChatId.eq(user.telegram_id))
        .exec(&txn)
        .await?;
    reviews::Entity::update_many()
        .col_expr(reviews::Column::Text, Expr::value(Option::<String>::None))
        .filter(reviews::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    broadcast_deliveries::Entity::update_many()
        .col_expr(
            broadcast_deliveries::Column::Status,
            Expr::value(broadcast_deliveries::DeliveryStatus::Skipped),
        )
        .col_expr(broadcast_deliveries::Column::Detail, Expr::value("deleted"))
        .filter(broadcast_deliveries::Column::UserId.eq(user.id))
        .filter(broadcast_deliveries::Column::Status.eq(broadcast_deliveries::DeliveryStatus::Pending))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Ok(()))
}
