//! Logging: `RUST_LOG` filters (default `info`), `PNP_LOG_FORMAT` picks text or JSON lines.

use tracing_subscriber::EnvFilter;

pub fn init(format: crate::config::LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Colours only for a person at a terminal, not in files and log collectors.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_target(false);
    // try_init: tests may have set a subscriber already.
    let _ = if format == crate::config::LogFormat::Json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}

/// The process-wide Prometheus recorder. Installed once (tests start many apps in one process);
/// every app renders the same registry at `GET /metrics`.
pub fn metrics_handle() -> &'static metrics_exporter_prometheus::PrometheusHandle {
    use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};
    static HANDLE: std::sync::OnceLock<metrics_exporter_prometheus::PrometheusHandle> =
        std::sync::OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Suffix("_seconds".to_owned()),
                &[
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ],
            )
            .expect("static buckets are valid")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (an embedding program's): keep theirs.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// How often the histograms' samples are folded into their buckets and summaries.
const METRICS_UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Folds the histograms' recorded samples into their buckets every [`METRICS_UPKEEP_EVERY`],
/// until dropped. The recorder keeps every sample recorded since the last fold: left to a scrape
/// of `/metrics` (which folds them too), a server nobody scrapes would hold two samples for every
/// update it ever handled (about 16 bytes each: over 10 MB after ten minutes at 600 updates a
/// second). Runs on the current runtime.
pub fn keep_metrics_folded() -> tokio::task::JoinHandle<()> {
    let handle = metrics_handle();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(METRICS_UPKEEP_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            handle.run_upkeep();
        }
    })
}
