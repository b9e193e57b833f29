//! Building and running the application; `main` and the tests start it the same way.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tracing::{info, warn};

use crate::bot;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::state::AppState;
use crate::telegram::Telegram;
use crate::{db, http, jobs};

pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects to the database, applies pending migrations and binds the listener.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        // The address first: a port already taken is said at once, before any migration runs.
        let addr = config.http.addr.clone();
        let listener = TcpListener::bind(&addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        let state = connect(config, clock).await?;
        Ok(Self { listener, state })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes.
    pub async fn run_until(self, stop: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let Application { listener, state } = self;
        announce(&state);
        let workers = jobs::spawn(state.clone());
        let metrics = crate::telemetry::keep_metrics_folded();
        let app = http::router(state);
        info!(addr = %listener.local_addr()?, "listening");
        let result = axum::serve(listener, app).with_graceful_shutdown(stop).await;
        workers.abort();
        metrics.abort();
        info!("stopped");
        Ok(result?)
    }
}

/// Opens the database (applying migrations) and builds the shared state.
pub async fn connect(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
    crate::telemetry::metrics_handle();
    let video = crate::video::provider_from_settings(&config.video_settings()).map_err(|e| {
        crate::config::ConfigError::Invalid {
            setting: format!("{} (video.provider)", crate::config::env_var("video.provider")),
            message: format!("cannot be used: {e}"),
        }
    })?;
    let db = db::connect_with(&config.database, (&config.sqlite).into()).await?;
    db::migrate(&db).await?;
    let journal = crate::services::updates::Journal::start(db.clone(), clock.clone());
    let db = db::Db::new(
        db,
        std::time::Duration::from_millis(config.database.sqlite_busy_timeout_ms),
        config.sqlite.units_per_commit,
    );
    let telegram = Telegram::new(&config, db.clone()).with_clock(clock.clone());
    Ok(AppState {
        journal,
        limiter: Arc::new(crate::bot::limiter::UpdateLimiter::new(&config.abuse)),
        updates_in_flight: Arc::new(tokio::sync::Semaphore::new(
            config.telegram.max_updates_in_flight as usize,
        )),
        db,
        telegram,
        config: Arc::new(config),
        clock,
        video,
        schedules: Default::default(),
    })
}

/// Says what the server will do, and registers the command menu with Telegram.
fn announce(state: &AppState) {
    if !state.telegram.is_configured() {
        warn!("PNP_TELEGRAM_TOKEN is not set: the server runs, but the bot will not reply to anyone until a token is configured");
        return;
    }
    if state.config.secrets.telegram_webhook_secret.is_empty() {
        warn!("PNP_TELEGRAM_WEBHOOK_SECRET is not set: every webhook request is refused (use `pnp-live poll` locally)");
    }
    let state = state.clone();
    tokio::spawn(async move {
        match state.telegram.check_token().await {
            Ok(me) => info!(
                bot = me.username.as_deref().unwrap_or_default(),
                "Telegram token accepted"
            ),
            Err(e) if e.is_token_rejected() => {
                tracing::error!(
                    "{}; /readyz answers 503 until it is fixed",
                    crate::cli::token_rejected(&e)
                );
                return;
            }
            Err(e) => warn!(error = %e, "could not reach Telegram at start-up"),
        }
        bot::set_default_commands(&state).await;
        bot::set_superadmin_commands(&state).await;
        crate::miniapp::set_menu_button(&state).await;
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    info!("shutdown signal received; finishing requests in flight");
}

/// How often background housekeeping runs.
pub const HOUSEKEEPING_INTERVAL: Duration = Duration::from_secs(3600);
