//! Every migration has a working `down`.

use migration::{Migrator, MigratorTrait};

use crate::helpers::TestDb;

#[tokio::test]
async fn every_migration_goes_down_and_up_again() {
    let test_db = TestDb::fresh().await;
    let config = pnp_live::config::DatabaseConfig {
        url: test_db.url.clone(),
        max_connections: 2,
        sqlite_busy_timeout_ms: 5000,
    };
    let db = pnp_live::db::connect(&config).await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    assert!(pnp_live::db::is_ready(&db).await.unwrap());
    Migrator::down(&db, None).await.unwrap();
    assert_eq!(
        Migrator::get_pending_migrations(&db).await.unwrap().len(),
        Migrator::migrations().len()
    );
    Migrator::up(&db, None).await.unwrap();
    assert!(pnp_live::db::is_ready(&db).await.unwrap());
}
