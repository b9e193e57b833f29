//! The outbox: Bot API calls an update could not make within its time budget, kept in the
//! `outbox` table and sent by the background worker ([`crate::jobs::outbox`]) once their
//! `not_before` has passed.
//!
//! A sender claims one row at a time with a lease (a conditional update on `claimed_until`), so
//! two replicas never send one row at once; a sender that dies holding a lease leaves that one
//! row to be sent again when the lease runs out — the only repeat a crash can cause.

use entity::outbox;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::Value;
use time::OffsetDateTime;

/// Methods whose call can be queued and made later with the same meaning: a message (the
/// handler never reads its result beyond success) and an invoice (the hold it is for lasts
/// minutes, and an invoice arriving late is better than a slot held with nothing to pay).
/// An upload (the `.ics` after a confirmation) too, kept with its bytes: it must not overtake
/// the message it follows.
pub const DEFERRABLE: &[&str] = &["sendMessage", "sendInvoice", "sendDocument"];

/// The key under which an upload's files are kept in a row's payload (never a Bot API field).
const FILES: &str = "_outbox_files";

/// `body` with the uploads' bytes kept in it (base64, with their field and file name); `None`
/// when a file cannot be read (the call is then made now, not queued).
pub fn with_files(body: &Value, files: &[(&str, std::path::PathBuf)]) -> Option<Value> {
    use base64::Engine as _;
    let mut kept = Vec::with_capacity(files.len());
    for (field, path) in files {
        let bytes = std::fs::read(path).ok()?;
        let name = path.file_name()?.to_str()?.to_owned();
        kept.push(serde_json::json!({
            "field": field,
            "name": name,
            "bytes": base64::engine::general_purpose::STANDARD.encode(bytes),
        }));
    }
    let mut body = body.clone();
    body.as_object_mut()?.insert(FILES.to_owned(), Value::Array(kept));
    Some(body)
}

/// A call's body, the folder its files were written to (removed when dropped), and each
/// file's field and path.
pub type Upload = (
    Value,
    Option<tempfile::TempDir>,
    Vec<(String, std::path::PathBuf)>,
);

/// A row's payload as the call to make: the body without the kept files, the files written
/// back to a temporary folder (which lives as long as the returned guard), and each file's
/// field and path.
pub fn files_of(body: &Value) -> Result<Upload, crate::telegram::TelegramError> {
    use base64::Engine as _;
    let broken = |what: &str| crate::telegram::TelegramError::Transport(format!("outbox upload: {what}"));
    let mut body = body.clone();
    let Some(kept) = body.as_object_mut().and_then(|o| o.remove(FILES)) else {
        return Ok((body, None, Vec::new()));
    };
    let dir = tempfile::tempdir().map_err(|e| broken(&e.to_string()))?;
    let mut files = Vec::new();
    for file in kept.as_array().map(Vec::as_slice).unwrap_or_default() {
        let (Some(field), Some(name), Some(bytes)) = (
            file["field"].as_str(),
            file["name"].as_str(),
            file["bytes"].as_str(),
        ) else {
            return Err(broken("a kept file is malformed"));
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(bytes)
            .map_err(|e| broken(&e.to_string()))?;
        // The name only, never a path the payload could point elsewhere with.
        let name = std::path::Path::new(name)
            .file_name()
            .ok_or_else(|| broken("a kept file has no name"))?;
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).map_err(|e| broken(&e.to_string()))?;
        files.push((field.to_owned(), path));
    }
    Ok((body, Some(dir), files))
}

/// How long one sender holds a row it is sending.
pub const LEASE: time::Duration = time::Duration::seconds(60);

/// Keeps `method(body)` for `chat_id` to be sent from `not_before` on.
pub async fn queue(
    db: &impl ConnectionTrait,
    chat_id: i64,
    method: &str,
    body: &Value,
    not_before: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<i64, DbErr> {
    insert(db, chat_id, method, body, not_before, None, now).await
}

/// Keeps a call an update is about to make once it commits ([`crate::unit`]), due now but
/// leased to this process until `leased_until`: the sender leaves it alone unless this process
/// dies before marking it sent ([`mark_sent`]).
pub async fn keep(
    db: &impl ConnectionTrait,
    chat_id: i64,
    method: &str,
    body: &Value,
    leased_until: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<i64, DbErr> {
    insert(db, chat_id, method, body, now, Some(leased_until), now).await
}

/// The calls of `ids` were made (or tried, their failures logged as any other call's).
pub async fn mark_sent(db: &impl ConnectionTrait, ids: &[i64], now: OffsetDateTime) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .filter(outbox::Column::Id.is_in(ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

async fn insert(
    db: &impl ConnectionTrait,
    chat_id: i64,
    method: &str,
    body: &Value,
    not_before: OffsetDateTime,
    claimed_until: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<i64, DbErr> {
    let row = outbox::ActiveModel {
        chat_id: Set(chat_id),
        method: Set(method.to_owned()),
        payload: Set(body.to_string()),
        not_before: Set(not_before),
        attempts: Set(0),
        claimed_until: Set(claimed_until),
        created_at: Set(now),
        sent_at: Set(None),
        given_up_at: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// The open rows (neither sent nor given up), oldest first.
pub async fn open(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::GivenUpAt.is_null())
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Takes the lease on a due open row; `false` when another sender holds it or it is done.
pub async fn claim(db: &impl ConnectionTrait, id: i64, now: OffsetDateTime) -> Result<bool, DbErr> {
    let result = outbox::Entity::update_many()
        .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + LEASE))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::GivenUpAt.is_null())
        .filter(outbox::Column::NotBefore.lte(now))
        .filter(
            Condition::any()
                .add(outbox::Column::ClaimedUntil.is_null())
                .add(outbox::Column::ClaimedUntil.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Telegram accepted the row's call.
pub async fn sent(db: &impl ConnectionTrait, id: i64, now: OffsetDateTime) -> Result<(), DbErr> {
    finish(db, id, outbox::Column::SentAt, now, None).await
}

/// Telegram refused the row's call for good (or it kept failing): it is not tried again.
pub async fn give_up(
    db: &impl ConnectionTrait,
    id: i64,
    now: OffsetDateTime,
    why: &str,
) -> Result<(), DbErr> {
    finish(db, id, outbox::Column::GivenUpAt, now, Some(why)).await
}

async fn finish(
    db: &impl ConnectionTrait,
    id: i64,
    column: outbox::Column,
    now: OffsetDateTime,
    why: Option<&str>,
) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(column, Expr::value(now))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(outbox::Column::LastError, Expr::value(why.map(str::to_owned)))
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The row is to be tried again from `not_before` on (a new 429, a transient failure).
pub async fn retry_at(
    db: &impl ConnectionTrait,
    id: i64,
    not_before: OffsetDateTime,
    why: &str,
) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::NotBefore, Expr::value(not_before))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(outbox::Column::LastError, Expr::value(why.to_owned()))
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes rows sent or given up before `before`; returns how many.
pub async fn prune(db: &impl ConnectionTrait, before: OffsetDateTime) -> Result<u64, DbErr> {
    let result = outbox::Entity::delete_many()
        .filter(
            Condition::any()
                .add(outbox::Column::SentAt.lt(before))
                .add(outbox::Column::GivenUpAt.lt(before)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
