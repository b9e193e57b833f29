//! PostgreSQL: an update's commit begins the next update's transaction on the same connection.
//!
//! A unit on PostgreSQL works in a transaction of its own, on a connection of the pool. Done the
//! plain way, that costs four round trips beside the handler's statements: `BEGIN`, the update's
//! completion, `COMMIT`, and the ping sqlx makes when a connection goes back to its pool. Here a
//! unit that ends sends its completion, `COMMIT` and a new `BEGIN` in one string (PostgreSQL's
//! simple query protocol runs them in order and stops at the first that fails), and keeps the
//! connection with its new, empty transaction for the next unit to take ([`Ahead::take`]): that
//! unit's first statement is its claim, with no `BEGIN` before it. One round trip where there
//! were four.
//!
//! A transaction begun ahead has run nothing: it holds no lock and no snapshot (PostgreSQL takes
//! one at a transaction's first statement), so it keeps nothing from anyone. It is kept at most
//! [`KEPT_FOR`]; then it is rolled back and its connection goes back to the pool, so an idle
//! process holds no connection "idle in transaction" longer than that.

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use sea_orm::sqlx::PgPool;
use sea_orm::{DatabaseTransaction, Statement, Value};

use super::group::COMMIT_AND_BEGIN;

/// How long a transaction begun ahead waits for a unit to take it: as long as the pool trusts
/// an idle connection without pinging it first (`db::PING_IF_IDLE_FOR`), since a unit taking it
/// does not ping it.
pub const KEPT_FOR: Duration = Duration::from_secs(1);

/// The transactions begun ahead on one pool, youngest last.
pub struct Ahead {
    kept: Mutex<Kept>,
    /// At most this many connections are kept so (the pool's others serve everything else).
    most: usize,
    pool: PgPool,
}

#[derive(Default)]
struct Kept {
    /// Each with when it was begun, youngest last.
    txs: Vec<(DatabaseTransaction, Instant)>,
    /// A [`sweep`] is running (one at a time).
    sweeping: bool,
}

impl Ahead {
    /// Keeps at most `most` transactions begun ahead on `pool`'s connections (none when `most`
    /// is 0).
    pub fn new(pool: PgPool, most: usize) -> Arc<Self> {
        Arc::new(Ahead {
            kept: Mutex::new(Kept::default()),
            most,
            pool,
        })
    }

    /// A transaction begun ahead, if one is fresh: the unit works in it as in one it began.
    pub fn take(&self) -> Option<DatabaseTransaction> {
        let mut kept = self.kept.lock().expect("never poisoned");
        let (tx, since) = kept.txs.pop()?;
        if since.elapsed() < KEPT_FOR {
            return Some(tx);
        }
        // The youngest is stale, so all are: rolled back as they drop, off this lock.
        let stale = std::mem::take(&mut kept.txs);
        drop(kept);
        drop((tx, stale));
        None
    }

    /// Whether a unit ending now may begin the next transaction for another: there is room,
    /// and the pool can hand out a connection at once (nobody may be waiting for this one).
    pub fn has_room(&self) -> bool {
        let spare = self.pool.num_idle() > 0 || self.pool.size() < self.pool.options().get_max_connections();
        spare && self.kept.lock().expect("never poisoned").txs.len() < self.most
    }

    /// Ends a unit: `last` (its completion, written out by [`inline`]) if any, `COMMIT` and
    /// `BEGIN` in one round trip, and the new transaction kept for the next unit. `Err` when any
    /// of them failed: the transaction is dropped and so rolled back, as a failed commit's would be.
    pub async fn commit_with(
        self: &Arc<Self>,
        tx: DatabaseTransaction,
        last: Option<&str>,
    ) -> Result<(), sea_orm::DbErr> {
        let sql = match last {
            Some(last) => std::borrow::Cow::Owned(format!("{last}; {COMMIT_AND_BEGIN}")),
            None => std::borrow::Cow::Borrowed(COMMIT_AND_BEGIN),
        };
        let started = Instant::now();
        let sent = sea_orm::ConnectionTrait::execute_unprepared(&tx, &sql).await;
        if last.is_some() {
            // Counted as the statement it carries (SeaORM counts only what it runs prepared).
            crate::db::statement_ran(started.elapsed());
        }
        sent?;
        self.keep(tx);
        Ok(())
    }

    fn keep(self: &Arc<Self>, tx: DatabaseTransaction) {
        let mut kept = self.kept.lock().expect("never poisoned");
        if kept.txs.len() >= self.most {
            // Another unit took the room meanwhile: this one is rolled back (empty) and goes back.
            drop(kept);
            drop(tx);
            return;
        }
        kept.txs.push((tx, Instant::now()));
        if !std::mem::replace(&mut kept.sweeping, true) {
            tokio::spawn(sweep(Arc::downgrade(self)));
        }
    }
}

/// While any transaction is kept ahead, rolls back those kept longer than [`KEPT_FOR`].
async fn sweep(ahead: Weak<Ahead>) {
    loop {
        tokio::time::sleep(KEPT_FOR).await;
        let Some(ahead) = ahead.upgrade() else { return };
        let mut kept = ahead.kept.lock().expect("never poisoned");
        let stale = (kept.txs.iter())
            .position(|(_, since)| since.elapsed() < KEPT_FOR)
            .unwrap_or(kept.txs.len());
        let stale: Vec<_> = kept.txs.drain(..stale).collect();
        let done = kept.txs.is_empty();
        if done {
            kept.sweeping = false;
        }
        drop(kept);
        // Rolled back as they drop, off the lock.
        drop(stale);
        if done {
            return;
        }
    }
}

/// `stmt` with its values written into its text in PostgreSQL's literal syntax, for a string of
/// several statements (the simple query protocol binds no values). `None` when it holds a value
/// this does not write (only what an update's completion holds: integers, text, times).
pub fn inline(stmt: &Statement) -> Option<String> {
    let values = match &stmt.values {
        Some(values) => &values.0,
        None => return Some(stmt.sql.clone()),
    };
    let mut out = String::with_capacity(stmt.sql.len() + 64);
    let mut rest = stmt.sql.as_str();
    // Statements built by SeaQuery hold no literals of their own: every `$n` is a placeholder.
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let n: usize = rest[at + 1..at + 1 + digits].parse().ok()?;
        out.push_str(&literal(values.get(n.checked_sub(1)?)?)?);
        rest = &rest[at + 1 + digits..];
    }
    out.push_str(rest);
    Some(out)
}

fn literal(value: &Value) -> Option<String> {
    Some(match value {
        Value::Bool(Some(b)) => b.to_string(),
        Value::Int(Some(n)) => n.to_string(),
        Value::BigInt(Some(n)) => n.to_string(),
        // An escape string: backslashes and quotes doubled mean the same whatever the server's
        // `standard_conforming_strings`. PostgreSQL's text holds no NUL.
        Value::String(Some(s)) if !s.contains('\0') => {
            format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
        }
        // To the microsecond, as sqlx binds it (it truncates).
        Value::TimeDateTimeWithTimeZone(Some(t)) => {
            let t = t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000).ok()?;
            format!(
                "'{}'",
                t.format(&time::format_description::well_known::Rfc3339).ok()?
            )
        }
        Value::Bool(None)
        | Value::Int(None)
        | Value::BigInt(None)
        | Value::String(None)
        | Value::TimeDateTimeWithTimeZone(None) => "NULL".to_string(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ColumnTrait, QueryTrait};
    use sea_orm::{DbBackend, EntityTrait, QueryFilter};

    #[test]
    fn a_completion_is_written_out_with_its_values_quoted() {
        let at = time::macros::datetime!(2026-12-04 18:00:01.123456789 UTC);
        let stmt = crate::services::updates::completion_on(
            DbBackend::Postgres,
            42,
            at,
            Some(r#"{"text":"it's a \"test\" \\ ok"}"#),
        );
        assert_eq!(
            inline(&stmt).unwrap(),
            r#"UPDATE "processed_updates" SET "completed_at" = '2026-12-04T18:00:01.123456Z', "reply" = E'{"text":"it''s a \\"test\\" \\\\ ok"}' WHERE "processed_updates"."update_id" = 42"#
        );
        let none = crate::services::updates::completion_on(DbBackend::Postgres, 7, at, None);
        assert!(inline(&none).unwrap().contains(r#""reply" = NULL"#));
    }

    #[test]
    fn a_value_it_cannot_write_leaves_the_statement_alone() {
        let stmt = entity::processed_updates::Entity::find()
            .filter(entity::processed_updates::Column::Reply.eq("a\0b"))
            .build(DbBackend::Postgres);
        assert_eq!(inline(&stmt), None);
    }
}
