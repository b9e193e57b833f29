//! Every migration has a working `down`, and rows written as earlier versions wrote them read
//! back into today's types.

use migration::{Migrator, MigratorTrait};

use crate::helpers::TestDb;

/// A fresh database made by the migrations (kept alive by the returned `TestDb`).
async fn migrated() -> (TestDb, sea_orm::DatabaseConnection) {
    let test_db = TestDb::fresh().await;
    let config = pnp_live::config::DatabaseConfig {
        url: test_db.url.clone(),
        // One connection: SQLite checks DDL against the schema a connection last loaded, so
        // a second pooled connection that had not seen `down` drop an index refused to create it
        // again ("already exists") when the suite ran under load.
        max_connections: 1,
        sqlite_busy_timeout_ms: 5000,
        flush_every_commit: false,
    };
    let db = pnp_live::db::connect(&config).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    (test_db, db)
}

/// Every row of a table, in `order`.
async fn rows<E: sea_orm::EntityTrait>(db: &sea_orm::DatabaseConnection, order: E::Column) -> Vec<E::Model> {
    use sea_orm::QueryOrder;
    E::find().order_by_asc(order).all(db).await.unwrap()
}

#[tokio::test]
async fn every_migration_goes_down_and_up_again() {
    let (_test_db, db) = migrated().await;
    assert!(pnp_live::db::is_ready(&db).await.unwrap());
    Migrator::down(&db, None).await.unwrap();
    assert_eq!(
        Migrator::get_pending_migrations(&db).await.unwrap().len(),
        Migrator::migrations().len()
    );
    Migrator::up(&db, None).await.unwrap();
    assert!(pnp_live::db::is_ready(&db).await.unwrap());
}

/// Rows written with the status (actor, role, kind, currency) strings earlier versions stored, as raw
/// SQL rather than through the entities, read back into the typed columns: no data migration.
#[tokio::test]
async fn statuses_stored_as_strings_read_back_as_enums() {
    use entity::booking_events::Actor;
    use entity::bookings::BookingStatus;
    use entity::broadcast_deliveries::DeliveryStatus;
    use entity::call_participants::Side;
    use entity::payments::PaymentStatus;
    use entity::user_roles::Role;
    use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement, Value};

    let (_test_db, db) = migrated().await;
    let now = time::macros::datetime!(2026-12-07 09:00 UTC);
    let user = crate::booking_engine::user(&db, 1).await;
    let performer = pnp_live::services::profiles::ensure(&db, user, "Maria", "UTC", now)
        .await
        .unwrap();
    let backend = db.get_database_backend();
    let run = |sql: &str, values: Vec<Value>| {
        // One SQL text for both: `$n` placeholders, which SQLite spells `?n`.
        let sql = match backend {
            DbBackend::Sqlite => sql.replace('$', "?"),
            _ => sql.to_owned(),
        };
        let db = db.clone();
        async move {
            db.execute(Statement::from_sql_and_values(backend, sql, values))
                .await
                .unwrap()
        }
    };
    let at = |minutes: i64| Value::from(now + time::Duration::minutes(minutes));

    // Spelled by the enum here; domain::booking's tests pin those names to the stored strings.
    let stored = BookingStatus::ALL.map(BookingStatus::as_str);
    for (i, status) in stored.into_iter().enumerate() {
        let id = uuid::Uuid::from_u128(i as u128 + 1);
        let start = 60 * i as i64;
        run(
            &format!(
                "INSERT INTO bookings (id, user_id, performer_id, status, starts_at, ends_at, \
                 duration_minutes, price, currency, version, created_at, updated_at) \
                 VALUES ($1, $2, $3, '{status}', $4, $5, 30, 150, 'XTR', 1, $6, $6)"
            ),
            vec![
                id.into(),
                user.into(),
                performer.id.into(),
                at(start),
                at(start + 30),
                at(0),
            ],
        )
        .await;
        run(
            &format!(
                "INSERT INTO booking_events (booking_id, from_status, to_status, event, actor, at) \
                 VALUES ($1, NULL, 'draft', 'draft', 'user', $2), \
                        ($1, 'draft', '{status}', 'test', 'system', $2)"
            ),
            vec![id.into(), at(0)],
        )
        .await;
    }
    for (i, status) in ["paid", "refund_pending", "refund_due", "refunded"]
        .into_iter()
        .enumerate()
    {
        run(
            &format!(
                "INSERT INTO payments (booking_id, user_id, telegram_payment_charge_id, amount, \
                 currency, status, created_at) VALUES (NULL, $1, 'charge-{i}', 150, 'XTR', '{status}', $2)"
            ),
            vec![user.into(), at(0)],
        )
        .await;
    }
    run(
        "INSERT INTO broadcasts (performer_id, kind, recipients, created_at) VALUES ($1, 'online', 4, $2)",
        vec![performer.id.into(), at(0)],
    )
    .await;
    let broadcast = entity::broadcasts::Entity::find()
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(broadcast.kind, entity::broadcasts::BroadcastKind::Online);
    let broadcast = broadcast.id;
    // One recipient per status: a broadcast reaches each user once.
    for (i, status) in ["pending", "sent", "failed", "skipped"].into_iter().enumerate() {
        let recipient = crate::booking_engine::user(&db, 100 + i as i64).await;
        run(
            &format!(
                "INSERT INTO broadcast_deliveries (broadcast_id, user_id, chat_id, status, attempts) \
                 VALUES ($1, $2, 1, '{status}', 0)"
            ),
            vec![broadcast.into(), recipient.into()],
        )
        .await;
    }
    for (i, role) in ["user", "performer"].into_iter().enumerate() {
        run(
            &format!(
                "INSERT INTO call_participants (booking_id, participant_id, role, first_joined_at, \
                 last_joined_at, connected_seconds, sessions) VALUES ($1, '{i}', '{role}', $2, $2, 0, 1)"
            ),
            vec![uuid::Uuid::from_u128(1).into(), at(0)],
        )
        .await;
    }
    for role in ["performer", "admin"] {
        run(
            &format!("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, '{role}', $2)"),
            vec![user.into(), at(0)],
        )
        .await;
    }

    let bookings = rows::<entity::bookings::Entity>(&db, entity::bookings::Column::StartsAt).await;
    assert_eq!(
        bookings.iter().map(|b| b.status).collect::<Vec<_>>(),
        BookingStatus::ALL
    );
    assert!(bookings
        .iter()
        .all(|b| b.currency == entity::currency::Currency::XTR));
    let events = rows::<entity::booking_events::Entity>(&db, entity::booking_events::Column::Id).await;
    let moves: Vec<_> = events.iter().map(|e| (e.from_status, e.to_status)).collect();
    let want: Vec<_> = BookingStatus::ALL
        .into_iter()
        .flat_map(|s| [(None, BookingStatus::Draft), (Some(BookingStatus::Draft), s)])
        .collect();
    assert_eq!(moves, want);
    assert!(events
        .chunks(2)
        .all(|pair| (pair[0].actor, pair[1].actor) == (Actor::User, Actor::System)));
    let payments = rows::<entity::payments::Entity>(&db, entity::payments::Column::Id).await;
    assert_eq!(
        payments.iter().map(|p| p.status).collect::<Vec<_>>(),
        PaymentStatus::ALL
    );
    let deliveries =
        rows::<entity::broadcast_deliveries::Entity>(&db, entity::broadcast_deliveries::Column::Id).await;
    assert_eq!(
        deliveries.iter().map(|d| d.status).collect::<Vec<_>>(),
        DeliveryStatus::ALL
    );
    let sides = rows::<entity::call_participants::Entity>(&db, entity::call_participants::Column::Id).await;
    assert_eq!(sides.iter().map(|c| c.role).collect::<Vec<_>>(), Side::ALL);
    let roles = rows::<entity::user_roles::Entity>(&db, entity::user_roles::Column::Id).await;
    assert_eq!(roles.iter().map(|r| r.role).collect::<Vec<_>>(), Role::ALL);
}

/// What a commit made in `txn` waits for: PostgreSQL's `synchronous_commit` as that commit
/// will see it.
async fn commit_waits(txn: &sea_orm::DatabaseTransaction) -> String {
    use sea_orm::ConnectionTrait;
    let row = txn
        .query_one(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SHOW synchronous_commit",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

#[tokio::test]
async fn on_postgresql_booking_and_money_commits_wait_for_the_flush_and_the_others_do_not() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let (test_db, db) = migrated().await;
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        eprintln!("PostgreSQL only (SQLite's commit hook has its own test in db::tests)");
        return;
    }
    for table in pnp_live::db::FLUSHED_TABLES {
        let txn = db.begin().await.unwrap();
        assert_eq!(commit_waits(&txn).await, "off", "before {table} is written");
        txn.execute_unprepared(&format!("DELETE FROM {table} WHERE false"))
            .await
            .unwrap();
        assert_eq!(commit_waits(&txn).await, "on", "a commit that wrote {table}");
        txn.rollback().await.unwrap();
    }
    let txn = db.begin().await.unwrap();
    txn.execute_unprepared("DELETE FROM processed_updates WHERE false")
        .await
        .unwrap();
    txn.execute_unprepared("DELETE FROM users WHERE false")
        .await
        .unwrap();
    assert_eq!(
        commit_waits(&txn).await,
        "off",
        "claims and users are not flushed"
    );
    txn.rollback().await.unwrap();

    // database.flush_every_commit: the server's own default (on) for every commit.
    let every = pnp_live::db::connect(&pnp_live::config::DatabaseConfig {
        url: test_db.url.clone(),
        max_connections: 1,
        sqlite_busy_timeout_ms: 5000,
        flush_every_commit: true,
    })
    .await
    .unwrap();
    let txn = every.begin().await.unwrap();
    assert_eq!(commit_waits(&txn).await, "on");
    txn.rollback().await.unwrap();
}
