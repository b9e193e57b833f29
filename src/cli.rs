//! The command line: `serve` (default), `migrate`, `poll`, `webhook set|info|delete`.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use frankenstein::methods::{DeleteWebhookParams, GetUpdatesParams, SetWebhookParams};
use frankenstein::updates::WebhookInfo;
use frankenstein::AsyncTelegramApi;
use tracing::{error, info, warn};

use crate::bot;
use crate::clock::SystemClock;
use crate::config::{Config, ConfigError};
use crate::startup::{self, Application};
use crate::telegram::TelegramError;

#[derive(Debug, Parser)]
#[command(
    name = "pnp-live",
    version,
    about = "PNP Live: book paid private video calls with performers on Telegram"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve the webhooks and background work (the default).
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Fetch updates with getUpdates long polling instead of a webhook (local development).
    Poll,
    /// Register, inspect or remove the Telegram webhook.
    Webhook {
        #[command(subcommand)]
        action: WebhookAction,
    },
    /// Register or inspect the Daily.co webhook (<PNP_PUBLIC_URL>/daily/webhook).
    DailyWebhook {
        #[command(subcommand)]
        action: DailyWebhookAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum DailyWebhookAction {
    /// Points Daily's webhook at <PNP_PUBLIC_URL>/daily/webhook (the server must be running there:
    /// Daily checks the URL first) and prints the HMAC secret for PNP_DAILY_WEBHOOK_SECRET.
    Set,
    /// Shows Daily's webhooks for this account.
    Info,
}

#[derive(Debug, Subcommand)]
pub enum WebhookAction {
    /// setWebhook to <PNP_PUBLIC_URL>/telegram/webhook with the secret token.
    Set {
        /// Drop the updates Telegram queued while no webhook was set.
        #[arg(long)]
        drop_pending_updates: bool,
    },
    /// getWebhookInfo.
    Info,
    /// deleteWebhook (needed before `poll`).
    Delete {
        #[arg(long)]
        drop_pending_updates: bool,
    },
}

pub fn main(cli: Cli) -> ExitCode {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(config.log.format);
    let json_logs = config.log.format == crate::config::LogFormat::Json;
    let runtime = tokio::runtime::Runtime::new().expect("the tokio runtime starts");
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config)) {
        Ok(()) => ExitCode::SUCCESS,
        // A setting the command cannot do without: the same line and code as a bad value.
        Err(e) if e.downcast_ref::<ConfigError>().is_some() => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
        Err(e) => {
            // Once: a JSON line where logs are collected as JSON, else a plain line on stderr.
            let message = one_line(&e);
            if json_logs {
                error!("{message}");
            } else {
                eprintln!("error: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each cause said once: database and HTTP errors often
/// repeat their source in their own message, which `{:#}` would print again and again.
pub fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(text.as_str()) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            if !config.secrets.telegram_token.is_empty() && config.secrets.telegram_webhook_secret.is_empty()
            {
                return Err(ConfigError::Required {
                    var: "PNP_TELEGRAM_WEBHOOK_SECRET",
                    why: "to serve with a token (Telegram sends it with every update)".to_owned(),
                }
                .into());
            }
            Application::build(config).await?.run_until_stopped().await
        }
        Command::Migrate => {
            let db = crate::db::connect(&config.database).await?;
            crate::db::migrate(&db).await?;
            info!("migrations applied");
            Ok(())
        }
        Command::Poll => poll(config).await,
        Command::Webhook { action } => webhook(config, action).await,
        Command::DailyWebhook { action } => daily_webhook(config, action).await,
    }
}

async fn daily_webhook(config: Config, action: DailyWebhookAction) -> anyhow::Result<()> {
    let key = config.secrets.daily_api_key.expose();
    if key.is_empty() {
        return Err(ConfigError::Required {
            var: "PNP_DAILY_API_KEY",
            why: "for `daily-webhook`".to_owned(),
        }
        .into());
    }
    let client = crate::video::DailyClient::new(
        &config.video.daily_api_url,
        key,
        Duration::from_secs(config.video.request_timeout_secs),
    )?;
    match action {
        DailyWebhookAction::Set => {
            if config.http.public_url.is_empty() {
                return Err(ConfigError::Required {
                    var: "PNP_PUBLIC_URL",
                    why: "for `daily-webhook set`".to_owned(),
                }
                .into());
            }
            let url = format!("{}/daily/webhook", config.http.public_url.trim_end_matches('/'));
            let hook = client.set_webhook(&url).await?;
            println!(
                "Daily webhook set to {} (state {})",
                hook.url,
                hook.state.as_deref().unwrap_or("?")
            );
            if let Some(secret) = hook.hmac {
                println!("Set this in the server's environment and restart it:");
                println!("PNP_DAILY_WEBHOOK_SECRET={secret}");
            }
        }
        DailyWebhookAction::Info => {
            for hook in client.webhooks().await? {
                println!(
                    "{} {} state={} failed={} events={:?}",
                    hook.uuid,
                    hook.url,
                    hook.state.as_deref().unwrap_or("?"),
                    hook.failed_count.unwrap_or(0),
                    hook.event_types.unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

/// Long polling: each update goes through [`bot::take_in`], exactly as a webhook delivery does.
async fn poll(config: Config) -> anyhow::Result<()> {
    if config.secrets.telegram_token.is_empty() {
        return Err(ConfigError::Required {
            var: "PNP_TELEGRAM_TOKEN",
            why: "for `poll`".to_owned(),
        }
        .into());
    }
    let timeout = config.telegram.poll_timeout_secs;
    let state = startup::connect(config, Arc::new(SystemClock)).await?;
    match state.telegram.check_token().await {
        Ok(me) => info!(bot = me.username.as_deref().unwrap_or_default(), "token accepted"),
        Err(e) if e.is_token_rejected() => anyhow::bail!("{}", token_rejected(&e)),
        Err(e) => warn!(error = %e, "could not reach Telegram yet; polling anyway"),
    }
    let workers = crate::jobs::spawn(state.clone());
    info!("polling Telegram for updates (Ctrl-C to stop)");
    let mut offset: Option<i64> = None;
    let result = loop {
        let params = GetUpdatesParams {
            offset,
            limit: Some(100),
            timeout: Some(timeout),
            allowed_updates: Some(bot::ALLOWED_UPDATES.to_vec()),
        };
        let batch = tokio::select! {
            _ = tokio::signal::ctrl_c() => break Ok(()),
            r = state.telegram.get_raw_updates(&params) => r,
        };
        let updates = match batch {
            Ok(updates) => updates,
            Err(TelegramError::Api { code: 409, .. }) => {
                break Err(anyhow::anyhow!(
                    "a webhook is set for this bot; run `pnp-live webhook delete` before polling"
                ))
            }
            Err(e) if e.is_token_rejected() => break Err(anyhow::anyhow!("{}", token_rejected(&e))),
            Err(e) => {
                warn!(error = %e, "getUpdates failed; retrying in 5 s");
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => break Ok(()),
                    () = tokio::time::sleep(Duration::from_secs(5)) => continue,
                }
            }
        };
        for raw in updates {
            let Some(update_id) = raw.get("update_id").and_then(serde_json::Value::as_i64) else {
                continue;
            };
            // A transient failure is retried by not advancing past this update.
            // Replies off (a poller has nobody to give them to), but an update's time budget on.
            let (taken, _) = crate::telegram::reply::scope(false, bot::take_in(&state, update_id, raw)).await;
            if let Err(e) = taken {
                warn!(update_id, error = %e, "update not taken in; will fetch it again");
                tokio::time::sleep(Duration::from_secs(2)).await;
                break;
            }
            offset = Some(update_id + 1);
        }
    };
    workers.abort();
    result
}

/// What an operator is told when Telegram refuses the token.
pub fn token_rejected(e: &TelegramError) -> String {
    format!("Telegram rejected the bot token ({e}); check PNP_TELEGRAM_TOKEN (BotFather's /token shows the current one)")
}

async fn webhook(config: Config, action: WebhookAction) -> anyhow::Result<()> {
    if config.secrets.telegram_token.is_empty() {
        return Err(ConfigError::Required {
            var: "PNP_TELEGRAM_TOKEN",
            why: "for `webhook`".to_owned(),
        }
        .into());
    }
    let db = sea_orm::DatabaseConnection::Disconnected;
    let telegram = crate::telegram::Telegram::new(&config, db.into());
    match action {
        WebhookAction::Set { drop_pending_updates } => {
            if config.http.public_url.is_empty() {
                return Err(ConfigError::Required {
                    var: "PNP_PUBLIC_URL",
                    why: "for `webhook set` (the https address Telegram reaches)".to_owned(),
                }
                .into());
            }
            let secret = config.secrets.telegram_webhook_secret.expose();
            if secret.is_empty() {
                return Err(ConfigError::Required {
                    var: "PNP_TELEGRAM_WEBHOOK_SECRET",
                    why: "for `webhook set`".to_owned(),
                }
                .into());
            }
            let url = format!(
                "{}/telegram/webhook",
                config.http.public_url.trim_end_matches('/')
            );
            let params = SetWebhookParams::builder()
                .url(url.clone())
                .secret_token(secret.to_owned())
                .allowed_updates(bot::ALLOWED_UPDATES.to_vec())
                .drop_pending_updates(drop_pending_updates)
                .max_connections(config.telegram.max_updates_in_flight)
                .build();
            telegram.set_webhook(&params).await?;
            println!("webhook set to {url}");
        }
        WebhookAction::Info => {
            let info: WebhookInfo = telegram.get_webhook_info().await?.result;
            println!("{}", serde_json::to_string_pretty(&info)?);
        }
        WebhookAction::Delete { drop_pending_updates } => {
            let params = DeleteWebhookParams {
                drop_pending_updates: Some(drop_pending_updates),
            };
            telegram.delete_webhook(&params).await?;
            println!("webhook deleted");
        }
    }
    Ok(())
}
