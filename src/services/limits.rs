//! Who ran into an abuse limit: the unpaid-holds cap, the holds-per-hour cap and the per-person
//! update rate (`bot::limiter`). Each hit is a row (who, which, when) and a metric, so admins see
//! the people on the panel and on each person's card. The update rate is recorded once per
//! "slow down" notice (at most one per `abuse.notice_every_secs`), never per dropped update.

use entity::{limit_hits, users};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use time::OffsetDateTime;

/// A limit someone ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    UnpaidHolds,
    HoldsPerHour,
    UpdateRate,
}

impl Limit {
    pub const ALL: [Limit; 3] = [Limit::UnpaidHolds, Limit::HoldsPerHour, Limit::UpdateRate];

    pub fn as_str(self) -> &'static str {
        match self {
            Limit::UnpaidHolds => "unpaid_holds",
            Limit::HoldsPerHour => "holds_per_hour",
            Limit::UpdateRate => "update_rate",
        }
    }
}

/// Records that `user_id` ran into `limit` at `now`.
pub async fn record(
    db: &impl ConnectionTrait,
    user_id: i64,
    limit: Limit,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    metrics::counter!("pnp_limit_hits_total", "limit" => limit.as_str()).increment(1);
    limit_hits::Entity::insert(limit_hits::ActiveModel {
        user_id: Set(user_id),
        kind: Set(limit.as_str().to_owned()),
        at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// How often `user_id` ran into each limit since `from` (limits never hit left out).
pub async fn of_user(
    db: &impl ConnectionTrait,
    user_id: i64,
    from: OffsetDateTime,
) -> Result<Vec<(Limit, u64)>, DbErr> {
    let kinds: Vec<String> = limit_hits::Entity::find()
        .select_only()
        .column(limit_hits::Column::Kind)
        .filter(limit_hits::Column::UserId.eq(user_id))
        .filter(limit_hits::Column::At.gte(from))
        .into_tuple()
        .all(db)
        .await?;
    Ok(Limit::ALL
        .iter()
        .map(|&limit| {
            (
                limit,
                kinds.iter().filter(|k| *k == limit.as_str()).count() as u64,
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect())
}

/// The people who ran into a limit since `from`, most hits first (at most `limit` of them), and
/// how many people that was in all.
pub async fn people_since(
    db: &impl ConnectionTrait,
    from: OffsetDateTime,
    limit: usize,
) -> Result<(Vec<(users::Model, u64)>, usize), DbErr> {
    // One row per person with their count, most hits first (the database counts; a flood's
    // thousands of rows never reach the process).
    let hits = Expr::col(limit_hits::Column::Id).count();
    let counts: Vec<(i64, i64)> = limit_hits::Entity::find()
        .select_only()
        .column(limit_hits::Column::UserId)
        .column_as(hits.clone(), "hits")
        .filter(limit_hits::Column::At.gte(from))
        .group_by(limit_hits::Column::UserId)
        .order_by_desc(hits)
        .order_by_asc(limit_hits::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    let counts: Vec<(i64, u64)> = counts.into_iter().map(|(id, n)| (id, n.max(0) as u64)).collect();
    let total = counts.len();
    let top: Vec<i64> = counts.iter().take(limit).map(|(id, _)| *id).collect();
    let people = users::Entity::find()
        .filter(users::Column::Id.is_in(top.clone()))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for (id, n) in counts.into_iter().take(limit) {
        if let Some(person) = people.iter().find(|u| u.id == id) {
            out.push((person.clone(), n));
        }
    }
    Ok((out, total))
}
