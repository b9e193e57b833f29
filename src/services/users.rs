//! Users: registration on every contact, lookups by @username or id, preferences.

use entity::users;
use entity::zone::Zone;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QueryTrait, Value,
};
use time::OffsetDateTime;

/// What Telegram tells us about a person on each update.
#[derive(Debug, Clone)]
pub struct Profile<'a> {
    pub telegram_id: i64,
    pub username: Option<&'a str>,
    pub first_name: &'a str,
    pub last_name: Option<&'a str>,
    /// A loaded language's code (`en`, `es`, `pt`), already resolved from Telegram's
    /// `language_code`; used only on first contact, since a user may later pick another
    /// language in Settings.
    pub language: &'a str,
}

/// Creates the user on first contact or refreshes their names; returns the stored row. A user who
/// writes to the bot has evidently unblocked it, so `bot_blocked_at` is cleared. `updated_at`
/// moves only when something changed.
pub async fn register(
    db: &impl ConnectionTrait,
    profile: &Profile<'_>,
    now: OffsetDateTime,
) -> Result<users::Model, DbErr> {
    Ok(register_contact(db, profile, now).await?.user)
}

/// A registered contact: the stored row and, when known without another read, their standing.
#[derive(Debug, Clone)]
pub struct Contact {
    pub user: users::Model,
    /// Their roles and pending input, when the row was read with them (a known person whose
    /// names did not change) or evidently empty (a first contact); `None` when the row was
    /// rewritten and they are still to be read.
    pub standing: Option<Standing>,
}

/// What most updates ask about the person besides their row, read with it in one statement:
/// the roles they hold (the main menu's buttons) and whether their private chat has a question
/// pending (what a plain message answers, what a command clears).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    pub performer: bool,
    pub admin: bool,
    pub pending_input: bool,
}

/// [`register`], with the person's standing when it is known without another read: read with
/// the row, or empty for someone who has never written before (no roles, no pending input).
pub async fn register_contact(
    db: &impl ConnectionTrait,
    profile: &Profile<'_>,
    now: OffsetDateTime,
) -> Result<Contact, DbErr> {
    // Telegram's own limits (32 and 64 characters) are well inside the columns; anything longer
    // or with NUL characters (which PostgreSQL text cannot hold) is not from Telegram, and is cut
    // to fit rather than locking that sender out on one database and not the other.
    let username = profile.username.map(|u| fit(&normalize_username(u), 64));
    let first_name = fit(profile.first_name, 255);
    let last_name = profile.last_name.map(|n| fit(n, 255));
    // Most updates come from people we know whose names did not change: a read, no write (no
    // wait for SQLite's write lock on every update).
    let found = find_with_standing(db, profile.telegram_id).await?;
    let was_known = found.is_some();
    if let Some((known, standing)) = found {
        if known.username == username
            && known.first_name == first_name
            && known.last_name == last_name
            && known.bot_blocked_at.is_none()
        {
            return Ok(Contact {
                user: known,
                standing: Some(standing),
            });
        }
    }
    let row = users::ActiveModel {
        telegram_id: Set(profile.telegram_id),
        username: Set(username.clone()),
        first_name: Set(first_name),
        last_name: Set(last_name),
        language_code: Set(profile.language.to_owned()),
        timezone: Set(None),
        age_confirmed_at: Set(None),
        broadcast_opt_out: Set(false),
        bot_blocked_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    // One statement: the upsert hands back the stored row (RETURNING, on both databases).
    let mut upsert = users::Entity::insert(row)
        .on_conflict(
            OnConflict::column(users::Column::TelegramId)
                .update_columns([
                    users::Column::Username,
                    users::Column::FirstName,
                    users::Column::LastName,
                    users::Column::BotBlockedAt,
                    users::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .into_query();
    // The columns by name, not `RETURNING *`: a pool connection that loaded the schema while a
    // migration was adding columns re-prepares `*` to a different width than sqlx read.
    upsert.returning(
        sea_orm::sea_query::Query::returning().columns(<users::Column as sea_orm::Iterable>::iter()),
    );
    // Telegram usernames are unique at any moment, but ours are only as fresh as each person's
    // last update: someone who gave up a name keeps it here until they write again. The person
    // seen with it now is its owner, so it is cleared from anyone else, in the same statement as
    // the upsert (only on this write path, so most updates never pay for it).
    let upsert = db.get_database_backend().build(&upsert);
    let stmt = match &username {
        Some(name) => with_name_cleared_from_others(upsert, name, profile.telegram_id, now),
        None => upsert,
    };
    let user = users::Entity::find()
        .from_raw_sql(stmt)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("user {} just registered", profile.telegram_id)))?;
    // Created by this statement: not found just now, and not written by someone else in
    // between (an existing row keeps its older created_at).
    let first = !was_known && user.created_at == now;
    Ok(Contact {
        user,
        standing: first.then(Standing::default),
    })
}

/// `upsert` (a user's row, `RETURNING` it) with `name` cleared from every other user in the same
/// round trip: on PostgreSQL as a data-modifying `WITH` (both parts see one snapshot and touch
/// different rows), on SQLite as a statement before it in the same string (its driver binds the
/// values across the statements in order, and the rows read are the upsert's).
fn with_name_cleared_from_others(
    upsert: sea_orm::Statement,
    name: &str,
    telegram_id: i64,
    now: OffsetDateTime,
) -> sea_orm::Statement {
    let mut values = upsert.values.map(|v| v.0).unwrap_or_default();
    let clear = [
        Value::from(now),
        Value::from(name.to_owned()),
        Value::from(telegram_id),
    ];
    let sql = match upsert.db_backend {
        DbBackend::Postgres => {
            let n = values.len();
            let sql = format!(
                r#"WITH cleared AS (UPDATE "users" SET "username" = NULL, "updated_at" = ${} WHERE "username" = ${} AND "telegram_id" <> ${}) {}"#,
                n + 1,
                n + 2,
                n + 3,
                upsert.sql
            );
            values.extend(clear);
            sql
        }
        _ => {
            let sql = format!(
                r#"UPDATE "users" SET "username" = NULL, "updated_at" = ? WHERE "username" = ? AND "telegram_id" <> ?; {}"#,
                upsert.sql
            );
            values.splice(0..0, clear);
            sql
        }
    };
    sea_orm::Statement::from_sql_and_values(upsert.db_backend, sql, values)
}

/// The user with this Telegram id and their [`Standing`], in one statement: the row's columns
/// and three `EXISTS` subqueries on indexed columns (`user_roles (user_id, role)`, the
/// `chat_states` key), which both databases answer from the index.
pub async fn find_with_standing(
    db: &impl ConnectionTrait,
    telegram_id: i64,
) -> Result<Option<(users::Model, Standing)>, DbErr> {
    use entity::{chat_states, user_roles};
    use sea_orm::sea_query::{Alias, Query};
    use sea_orm::FromQueryResult;
    let holds = |role: user_roles::Role| {
        Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(user_roles::Entity)
                .and_where(
                    Expr::col((user_roles::Entity, user_roles::Column::UserId))
                        .equals((users::Entity, users::Column::Id)),
                )
                .and_where(Expr::col((user_roles::Entity, user_roles::Column::Role)).eq(role.as_str()))
                .and_where(Expr::col((user_roles::Entity, user_roles::Column::RevokedAt)).is_null())
                .to_owned(),
        )
    };
    // A private chat's id is the person's Telegram id.
    let pending = Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(chat_states::Entity)
            .and_where(
                Expr::col((chat_states::Entity, chat_states::Column::ChatId))
                    .equals((users::Entity, users::Column::TelegramId)),
            )
            .to_owned(),
    );
    let mut query = users::Entity::find()
        .filter(users::Column::TelegramId.eq(telegram_id))
        .into_query();
    query
        .expr_as(holds(user_roles::Role::Performer), Alias::new("is_performer"))
        .expr_as(holds(user_roles::Role::Admin), Alias::new("is_admin"))
        .expr_as(pending, Alias::new("has_pending_input"))
        .limit(1);
    let Some(row) = db.query_one(db.get_database_backend().build(&query)).await? else {
        return Ok(None);
    };
    let user = users::Model::from_query_result(&row, "")?;
    let standing = Standing {
        performer: row.try_get("", "is_performer")?,
        admin: row.try_get("", "is_admin")?,
        pending_input: row.try_get("", "has_pending_input")?,
    };
    Ok(Some((user, standing)))
}

/// `text` without NUL characters, at most `max` characters long (a `varchar(max)` column).
fn fit(text: &str, max: usize) -> String {
    text.chars().filter(|&c| c != '\0').take(max).collect()
}

pub async fn find_by_telegram_id(
    db: &impl ConnectionTrait,
    telegram_id: i64,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::TelegramId.eq(telegram_id))
        .one(db)
        .await
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find_by_id(id).one(db).await
}

/// The users with these ids (in no particular order; unknown ids are left out).
pub async fn find_by_ids(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<Vec<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await
}

pub async fn find_by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<Option<users::Model>, DbErr> {
    // Should two rows still hold one name (written before names were kept current), the one
    // seen most recently is its owner.
    users::Entity::find()
        .filter(users::Column::Username.eq(normalize_username(username)))
        .order_by_desc(users::Column::UpdatedAt)
        .one(db)
        .await
}

pub async fn set_language(
    db: &impl ConnectionTrait,
    user_id: i64,
    language: &str,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::LanguageCode, Expr::value(language))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records whether the bot can reach the user (from `my_chat_member` updates and 403 answers).
pub async fn set_blocked(
    db: &impl ConnectionTrait,
    telegram_id: i64,
    blocked_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::BotBlockedAt, Expr::value(blocked_at))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::TelegramId.eq(telegram_id))
        .exec(db)
        .await?;
    Ok(())
}

/// `@Name` → `name`: Telegram usernames are case-insensitive.
pub fn normalize_username(username: &str) -> String {
    username.trim().trim_start_matches('@').to_lowercase()
}

/// How to name a user to an admin: `@username` when there is one, else the first name and id.
/// The name a user goes by with the other side of a booking: the first name they chose on
/// Telegram, never their @username or Telegram id (those are for admins, see [`display`]).
pub fn public_name(user: &users::Model) -> String {
    user.first_name.clone()
}

pub fn display(user: &users::Model) -> String {
    match &user.username {
        Some(username) => format!("@{username}"),
        None => format!("{} ({})", user.first_name, user.telegram_id),
    }
}

/// The user's zone: their choice, else `default` (the configured one, checked at startup).
pub fn zone(user: &users::Model, default: &str) -> Zone {
    user.timezone.clone().unwrap_or_else(|| Zone::stored(default))
}

pub async fn set_timezone(
    db: &impl ConnectionTrait,
    user_id: i64,
    tz: &str,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::Timezone, Expr::value(tz))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Switches go-online notifications off (`true`) or on.
pub async fn set_broadcast_opt_out(
    db: &impl ConnectionTrait,
    user_id: i64,
    opt_out: bool,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::BroadcastOptOut, Expr::value(opt_out))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records that the user confirmed they are 18+ and accepted the terms.
pub async fn confirm_age(db: &impl ConnectionTrait, user_id: i64, now: OffsetDateTime) -> Result<(), DbErr> {
    users::Entity::update_many()
        .col_expr(users::Column::AgeConfirmedAt, Expr::value(now))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::AgeConfirmedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// How many bookings the user has made (any status), for the admins' card.
pub async fn bookings_count(db: &impl ConnectionTrait, user_id: i64) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    entity::bookings::Entity::find()
        .filter(entity::bookings::Column::UserId.eq(user_id))
        .count(db)
        .await
}
