//! Performers' earnings: an append-only ledger (`ledger_entries`). Rows are only ever inserted —
//! nothing in the code base updates or deletes them (a test checks the source) — so a
//! performer's balance is the sum of their rows: credits − reversals − payouts.
//!
//! Credits and reversals are written by [`record`] inside the transaction of the booking's
//! transition (see `BookingService::apply`), and the unique `(booking_id, kind)` index makes a
//! replayed completion or refund write nothing more. Payouts are written by [`pay`], which
//! refuses unless the balance is still what the admin was shown, so two admins recording the
//! same payout at once record it once.

use entity::ledger_entries::{self, LedgerKind};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use time::OffsetDateTime;

use crate::domain::earnings::{split, Movement};
use crate::domain::money::Currency;
use crate::services::booking::Booking;

pub use entity::ledger_entries::Model as Entry;

/// Longest payout reference kept, in characters.
pub const REFERENCE_MAX_CHARS: usize = 128;

/// `CAST(COALESCE(SUM(amount), 0) AS BIGINT)`: PostgreSQL sums bigints into numerics.
fn sum_amount() -> sea_orm::sea_query::SimpleExpr {
    Expr::cust("CAST(COALESCE(SUM(amount), 0) AS BIGINT)")
}

/// Writes the ledger row a transition of `booking` causes (inside its transaction).
pub async fn record(
    txn: &impl ConnectionTrait,
    booking: &Booking,
    movement: Movement,
    commission_percent: u8,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let (kind, amount, commission) = match movement {
        Movement::Credit => {
            let (share, commission) = split(booking.price, commission_percent);
            (LedgerKind::Credit, share, commission)
        }
        Movement::Reverse => {
            let credit = ledger_entries::Entity::find()
                .filter(ledger_entries::Column::BookingId.eq(booking.id))
                .filter(ledger_entries::Column::Kind.eq(LedgerKind::Credit))
                .one(txn)
                .await?;
            // Only credits that were made are reversed.
            let Some(credit) = credit else {
                return Ok(());
            };
            (LedgerKind::Reversal, -credit.amount, -credit.commission)
        }
    };
    let row = ledger_entries::ActiveModel {
        performer_id: Set(booking.performer_id),
        booking_id: Set(Some(booking.id)),
        kind: Set(kind),
        amount: Set(amount),
        commission: Set(commission),
        currency: Set(booking.currency),
        reference: Set(None),
        recorded_by: Set(None),
        at: Set(now),
        ..Default::default()
    };
    ledger_entries::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([ledger_entries::Column::BookingId, ledger_entries::Column::Kind])
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// Sums of one performer's ledger in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub currency: Currency,
    /// Credits less reversals since the start of the performer's week / month, and ever.
    pub week: i64,
    pub month: i64,
    pub all_time: i64,
    /// Everything less payouts: what the platform owes the performer now.
    pub owed: i64,
    pub last_payout_at: Option<OffsetDateTime>,
}

/// A performer's earnings per currency they have earned in; `week_start` and `month_start` are
/// the starts of the performer's current week and month (in their zone).
pub async fn summary(
    db: &impl ConnectionTrait,
    performer_id: i64,
    week_start: OffsetDateTime,
    month_start: OffsetDateTime,
) -> Result<Vec<Summary>, DbErr> {
    let entries = ledger_entries::Entity::find()
        .filter(ledger_entries::Column::PerformerId.eq(performer_id))
        .order_by_asc(ledger_entries::Column::Id)
        .all(db)
        .await?;
    let mut out: Vec<Summary> = Vec::new();
    for e in entries {
        let i = match out.iter().position(|s| s.currency == e.currency) {
            Some(i) => i,
            None => {
                out.push(Summary {
                    currency: e.currency,
                    week: 0,
                    month: 0,
                    all_time: 0,
                    owed: 0,
                    last_payout_at: None,
                });
                out.len() - 1
            }
        };
        let s = &mut out[i];
        s.owed += e.amount;
        if e.kind == LedgerKind::Payout {
            s.last_payout_at = Some(e.at);
            continue;
        }
        s.all_time += e.amount;
        if e.at >= month_start {
            s.month += e.amount;
        }
        if e.at >= week_start {
            s.week += e.amount;
        }
    }
    Ok(out)
}

/// What the platform owes each performer, per currency (non-zero balances only), largest first.
pub async fn owed_all(db: &impl ConnectionTrait) -> Result<Vec<(i64, Currency, i64)>, DbErr> {
    let rows: Vec<(i64, Currency, i64)> = ledger_entries::Entity::find()
        .select_only()
        .column(ledger_entries::Column::PerformerId)
        .column(ledger_entries::Column::Currency)
        .column_as(sum_amount(), "owed")
        .group_by(ledger_entries::Column::PerformerId)
        .group_by(ledger_entries::Column::Currency)
        .into_tuple()
        .all(db)
        .await?;
    let mut rows: Vec<_> = rows.into_iter().filter(|r| r.2 != 0).collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    Ok(rows)
}

/// What the platform owes one performer in `currency`.
pub async fn owed(db: &impl ConnectionTrait, performer_id: i64, currency: Currency) -> Result<i64, DbErr> {
    let owed: Option<i64> = ledger_entries::Entity::find()
        .select_only()
        .column_as(sum_amount(), "owed")
        .filter(ledger_entries::Column::PerformerId.eq(performer_id))
        .filter(ledger_entries::Column::Currency.eq(currency))
        .into_tuple()
        .one(db)
        .await?;
    Ok(owed.unwrap_or(0))
}

/// Every row of one performer, oldest first (for the admin's and the tests' eyes).
pub async fn entries(db: &impl ConnectionTrait, performer_id: i64) -> Result<Vec<Entry>, DbErr> {
    ledger_entries::Entity::find()
        .filter(ledger_entries::Column::PerformerId.eq(performer_id))
        .order_by_asc(ledger_entries::Column::Id)
        .all(db)
        .await
}

/// What [`pay`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paid {
    Recorded,
    /// The balance is no longer `amount` (another payout, a new credit or a refund came in
    /// since the admin looked): nothing was recorded.
    Changed,
}

/// Records a payout of `amount` to the performer by admin `by`, only if `amount` (positive) is
/// still exactly what they are owed in `currency`. The check and the write are one statement
/// (`INSERT … SELECT … WHERE balance = amount`); on PostgreSQL the performer's profile row is
/// locked first so two such statements run one after the other.
pub async fn pay(
    db: &crate::db::Db,
    performer_id: i64,
    currency: Currency,
    amount: i64,
    reference: &str,
    by: i64,
    now: OffsetDateTime,
) -> Result<Paid, DbErr> {
    if amount <= 0 {
        return Ok(Paid::Changed);
    }
    let reference: String = reference.trim().chars().take(REFERENCE_MAX_CHARS).collect();
    let backend = db.get_database_backend();
    let txn = crate::db::begin_write(db).await?;
    if backend == DbBackend::Postgres {
        let lock = Query::select()
            .column(entity::performer_profiles::Column::Id)
            .from(entity::performer_profiles::Entity)
            .and_where(Expr::col(entity::performer_profiles::Column::Id).eq(performer_id))
            .lock(sea_orm::sea_query::LockType::Update)
            .to_owned();
        txn.execute(backend.build(&lock)).await?;
    }
    let mut balance = Query::select();
    balance
        .expr(sum_amount())
        .from(ledger_entries::Entity)
        .and_where(Expr::col(ledger_entries::Column::PerformerId).eq(performer_id))
        .and_where(Expr::col(ledger_entries::Column::Currency).eq(currency));
    let mut source = Query::select();
    source
        .exprs([
            Expr::val(performer_id),
            Expr::val(LedgerKind::Payout),
            Expr::val(-amount),
            Expr::val(0i64),
            Expr::val(currency),
            Expr::val(reference.clone()),
            Expr::val(by),
            Expr::val(now),
        ])
        .and_where(
            Expr::expr(sea_orm::sea_query::SimpleExpr::SubQuery(
                None,
                Box::new(balance.into_sub_query_statement()),
            ))
            .eq(amount),
        );
    let mut insert = Query::insert();
    insert
        .into_table(ledger_entries::Entity)
        .columns([
            ledger_entries::Column::PerformerId,
            ledger_entries::Column::Kind,
            ledger_entries::Column::Amount,
            ledger_entries::Column::Commission,
            ledger_entries::Column::Currency,
            ledger_entries::Column::Reference,
            ledger_entries::Column::RecordedBy,
            ledger_entries::Column::At,
        ])
        .select_from(source)
        .map_err(|e| DbErr::Custom(format!("payout statement: {e}")))?;
    let written = txn.execute(backend.build(&insert)).await?.rows_affected();
    if written == 1 {
        let performer_user = entity::performer_profiles::Entity::find_by_id(performer_id)
            .one(&txn)
            .await?
            .map(|p| p.user_id);
        let shown = crate::domain::money::Money::new(amount, currency).format();
        let detail = if reference.is_empty() {
            shown
        } else {
            format!("{shown} · {reference}")
        };
        super::audit::record(&txn, by, super::audit::PAYOUT, performer_user, Some(detail), now).await?;
    }
    txn.commit().await?;
    Ok(if written == 1 {
        Paid::Recorded
    } else {
        Paid::Changed
    })
}
