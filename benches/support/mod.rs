//! What the end-to-end and holds benchmarks share: a fresh database of the kind under test, and
//! knobs read from the environment.

use std::collections::HashMap;

use pnp_live::config::{Config, DatabaseConfig};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// An env var parsed as `T`, or `default`.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A comma-separated list of numbers from an env var, or `default`.
pub fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_owned())
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect()
}

/// `TEST_DATABASE_URL` when set: benchmarks then also run on PostgreSQL.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())
}

/// `cargo bench` passes `--bench`; `cargo test --benches` does not, and only checks the binary
/// starts, so the benchmarks skip their work then.
pub fn invoked_by_cargo_bench() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A fresh database: a SQLite file in a temp dir, or a new PostgreSQL database created through
/// `TEST_DATABASE_URL` and dropped by [`FreshDb::drop_database`].
pub struct FreshDb {
    /// The server's own pool settings (`config/default.toml`) with this database's URL.
    pub config: DatabaseConfig,
    pub dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl FreshDb {
    pub async fn new(postgres_admin: Option<&str>, label: &str) -> FreshDb {
        let defaults = Config::load(&HashMap::new()).expect("default config").database;
        match postgres_admin {
            Some(admin_url) => {
                let name = format!("pnp_bench_{label}_{}", uuid::Uuid::new_v4().simple());
                let admin = admin(admin_url).await;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create bench database");
                admin.close().await.ok();
                let (base, _) = admin_url.rsplit_once('/').expect("URL names a database");
                FreshDb {
                    config: DatabaseConfig {
                        url: format!("{base}/{name}"),
                        ..defaults
                    },
                    dir: None,
                    postgres: Some((admin_url.to_owned(), name)),
                }
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let file = dir.path().join(format!("{label}.db"));
                FreshDb {
                    config: DatabaseConfig {
                        url: format!("sqlite://{}?mode=rwc", file.display()),
                        ..defaults
                    },
                    dir: Some(dir),
                    postgres: None,
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// Opens the pool exactly as the server does.
    pub async fn connect(&self) -> DatabaseConnection {
        pnp_live::db::connect(&self.config).await.expect("database opens")
    }

    /// Opens the pool as the server does, with these SQLite settings.
    pub async fn connect_with(&self, sqlite: pnp_live::db::SqliteSettings) -> DatabaseConnection {
        pnp_live::db::connect_with(&self.config, sqlite)
            .await
            .expect("database opens")
    }

    /// The SQLite database file, if this is one.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let path = self.config.url.strip_prefix("sqlite://")?;
        Some(path.split('?').next()?.into())
    }

    /// Drops the PostgreSQL database (the SQLite temp dir goes with `self`).
    pub async fn drop_database(self) {
        if let Some((admin_url, name)) = &self.postgres {
            let admin = admin(admin_url).await;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .ok();
            admin.close().await.ok();
        }
    }
}

/// A quiet connection to the PostgreSQL server, for creating and dropping databases.
async fn admin(url: &str) -> DatabaseConnection {
    let mut options = sea_orm::ConnectOptions::new(url.to_owned());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options)
        .await
        .expect("TEST_DATABASE_URL reachable")
}

/// The median of some measurements.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The size of a SQLite database's write-ahead log file, sampled every 50 ms while a case runs:
/// the largest seen and the last.
pub struct WalWatch {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    sampler: Option<std::thread::JoinHandle<u64>>,
    wal: std::path::PathBuf,
    /// [`pnp_live::db::busy_waits`] and [`pnp_live::unit::group_pauses`] at the start.
    waits: (u64, u64),
}

impl WalWatch {
    /// Watches `<db>-wal` (nothing when `db` is `None`, i.e. PostgreSQL).
    pub fn start(db: Option<std::path::PathBuf>) -> WalWatch {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let wal = db
            .map(|db| {
                let mut name = db.into_os_string();
                name.push("-wal");
                std::path::PathBuf::from(name)
            })
            .unwrap_or_default();
        let sampler = (!wal.as_os_str().is_empty()).then(|| {
            let (stop, wal) = (stop.clone(), wal.clone());
            std::thread::spawn(move || {
                let mut largest = 0;
                while !stop.load(Ordering::Relaxed) {
                    largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                largest
            })
        });
        let waits = (pnp_live::db::busy_waits(), pnp_live::unit::group_pauses());
        WalWatch {
            stop,
            sampler,
            wal,
            waits,
        }
    }

    /// (largest, now) in bytes, or `None` for PostgreSQL.
    pub fn finish(mut self) -> Option<(u64, u64)> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let largest = self.sampler.take()?.join().ok()?;
        let now = std::fs::metadata(&self.wal).map_or(0, |m| m.len());
        Some((largest.max(now), now))
    }

    /// "WAL file: largest 3.1 MB, at the end 0.0 MB; 12 waits for the write lock, 3 group
    /// commits paused for them" (or nothing for PostgreSQL).
    pub fn report(self, label: &str) {
        let (busy, paused) = self.waits;
        if let Some((largest, now)) = self.finish() {
            println!(
                "  {label}: WAL file largest {:.1} MB, at the end {:.1} MB (target <= 64 MB); {} waits in the busy handler, {} group commits paused for them",
                largest as f64 / 1e6,
                now as f64 / 1e6,
                pnp_live::db::busy_waits() - busy,
                pnp_live::unit::group_pauses() - paused,
            );
        }
    }
}
