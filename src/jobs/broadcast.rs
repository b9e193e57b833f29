//! The broadcast sender: drains `broadcast_deliveries` through the Telegram broadcast lane.
//!
//! One loop per process. It claims a batch of pending deliveries (a conditional update, see
//! [`crate::services::broadcast::claim`]), sets the lane's pace to this process's share of the
//! bot's rate (the senders holding live claims split it), then for each one waits for the lane
//! (pace, global 429 pause), and sends it from a task of its own so that many requests can be in flight while
//! the pace stays exact. Outcomes are written back in small batches, only on rows this process
//! still holds. A delivery whose chat is in a 429 pause of its own is set aside until the pause
//! ends while the others go on. The tasks live in a `JoinSet` owned by the loop: stopping the loop stops them.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use entity::users;
use frankenstein::methods::SendMessageParams;
use frankenstein::types::ReplyMarkup;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use time::OffsetDateTime;
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;
use tracing::{debug, info, warn};

use crate::bot::callback_data::PerformerId;
use crate::bot::keyboard;
use crate::bot::user::book::BookCb;
use crate::bot::user::browse::BrowseCb;
use crate::i18n::{tr, Lang, Texts};
use crate::services::broadcast::{self as queue, Claimed, Status, SKIP_BANNED, SKIP_BLOCKED, SKIP_OPTED_OUT};
use crate::services::profiles;
use crate::state::AppState;
use crate::telegram::lane::Outcome;

/// A claim older than this is taken over by another sender (its process is presumed dead). A
/// live sender renews its claims every third of it (its sends run in tasks of their own, so a
/// slow one does not hold the renewal up), so after a crash the queue resumes within about this.
pub const CLAIM_LEASE: time::Duration = time::Duration::seconds(30);
/// How often an idle sender looks for new broadcasts.
const IDLE_POLL: Duration = Duration::from_millis(250);
/// How often the loop re-reads which broadcasts were cancelled (the performer went offline).
const CANCEL_POLL: Duration = Duration::from_millis(200);
/// Outcomes are written at least this often…
const FLUSH_EVERY: Duration = Duration::from_millis(100);
/// …or when this many are waiting.
const FLUSH_SIZE: usize = 256;
/// Attempts of one delivery before it is recorded as failed.
const MAX_ATTEMPTS: i32 = 5;
/// Deliveries of broadcasts older than this are deleted.
const RETENTION: time::Duration = time::Duration::days(30);
/// Telegram's free broadcast limit; above it messages must be sent as paid broadcasts.
const FREE_RATE: u32 = 30;

pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let worker = format!(
            "{}-{}",
            std::process::id(),
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        info!(
            worker,
            rate = state.config.broadcast.rate,
            "broadcast sender started"
        );
        let mut sender = Sender::new(state, worker);
        let mut last_prune: Option<Instant> = None;
        loop {
            if last_prune.is_none_or(|at| at.elapsed() > Duration::from_secs(3600)) {
                last_prune = Some(Instant::now());
                match queue::prune(&sender.state.db, sender.state.now() - RETENTION).await {
                    Ok(n) if n > 0 => debug!(pruned = n, "old broadcast deliveries pruned"),
                    Ok(_) => {}
                    Err(e) => warn!(error = %e, "could not prune old broadcast deliveries"),
                }
            }
            match sender.drain().await {
                Ok(true) => {}
                Ok(false) => tokio::time::sleep(IDLE_POLL).await,
                Err(e) => {
                    warn!(error = %e, "broadcast sender: database error; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    })
}

/// A claimed delivery with what it takes to send it.
#[derive(Debug, Clone)]
struct Job {
    delivery: Claimed,
    /// Attempts made by this process.
    tries: i32,
}

/// What the recipient needs: language and whether they may still be messaged.
#[derive(Debug, Clone)]
struct Recipient {
    lang: Lang,
    skip: Option<&'static str>,
}

/// The performer a broadcast announces.
#[derive(Debug, Clone)]
struct Announcement {
    profile_id: i64,
    name: String,
}

struct Sender {
    state: AppState,
    worker: String,
    /// How many deliveries to claim at once: about a second's worth.
    batch: u64,
    max_in_flight: usize,
    paid: bool,
    queue: VecDeque<Job>,
    /// Deliveries whose chat answered 429, each with when its chat may be tried again.
    deferred: Vec<(Instant, Job)>,
    recipients: HashMap<i64, Recipient>,
    announcements: HashMap<i64, Option<Announcement>>,
    cancelled: HashSet<i64>,
    cancel_checked: Instant,
    /// When our claims were last written (clock time), to renew them before the lease ends.
    claimed_at: OffsetDateTime,
    /// Outcomes waiting to be written: (status, detail, attempts) → delivery ids.
    done: HashMap<(Status, Option<String>, i32), Vec<i64>>,
    done_count: usize,
    /// Users who answered 403 since the last flush.
    newly_blocked: Vec<i64>,
    flushed: Instant,
}

impl Sender {
    fn new(state: AppState, worker: String) -> Self {
        let rate = state.config.broadcast.rate.max(1);
        Self {
            batch: u64::from(rate.clamp(16, 500)),
            max_in_flight: (rate as usize / 4).clamp(4, 256),
            paid: rate > FREE_RATE,
            worker,
            queue: VecDeque::new(),
            deferred: Vec::new(),
            recipients: HashMap::new(),
            announcements: HashMap::new(),
            cancelled: HashSet::new(),
            cancel_checked: Instant::now(),
            claimed_at: state.now(),
            done: HashMap::new(),
            done_count: 0,
            newly_blocked: Vec::new(),
            flushed: Instant::now(),
            state,
        }
    }

    /// Sends until nothing is left to claim; `false` if there was nothing to do at all.
    async fn drain(&mut self) -> Result<bool, DbErr> {
        // An idle sender only reads; the claim (a write) waits until there is something to take.
        let now = self.state.now();
        if !queue::has_claimable(&self.state.db, now - CLAIM_LEASE).await? {
            return Ok(false);
        }
        let mut tasks: JoinSet<(Job, Outcome)> = JoinSet::new();
        let mut worked = false;
        let mut exhausted_until: Option<Instant> = None;
        let result = loop {
            while let Some(joined) = tasks.try_join_next() {
                self.settle(joined);
            }
            self.flush_if_due().await?;
            self.renew_if_due().await?;
            self.requeue_due();
            let may_claim = exhausted_until.is_none_or(|t| Instant::now() >= t);
            if self.queue.len() < (self.batch as usize).div_ceil(2) && may_claim {
                if self.claim().await? == 0 {
                    exhausted_until = Some(Instant::now() + IDLE_POLL);
                } else {
                    worked = true;
                    exhausted_until = None;
                }
            }
            let Some(job) = self.queue.pop_front() else {
                // Nothing to send now: wait for a send to finish or a set-aside chat to be due.
                let next_due = self.deferred.iter().map(|(at, _)| *at).min();
                let wake = next_due.map(|at| at.min(Instant::now() + IDLE_POLL));
                if tasks.is_empty() {
                    match wake {
                        Some(at) => tokio::time::sleep_until(at).await,
                        None if exhausted_until.is_some() => break Ok(worked),
                        None => {}
                    }
                    continue;
                }
                let joined = match wake {
                    Some(at) => tokio::time::timeout_at(at, tasks.join_next())
                        .await
                        .ok()
                        .flatten(),
                    None => tasks.join_next().await,
                };
                if let Some(joined) = joined {
                    self.settle(joined);
                }
                continue;
            };
            self.refresh_cancelled().await?;
            if self.cancelled.contains(&job.delivery.broadcast_id) {
                // Going offline already marked it skipped.
                continue;
            }
            let recipient = self.recipients.get(&job.delivery.user_id).cloned();
            let announcement = self
                .announcements
                .get(&job.delivery.broadcast_id)
                .cloned()
                .flatten();
            let (Some(recipient), Some(announcement)) = (recipient, announcement) else {
                self.record(&job, Status::Skipped, Some("gone".into()), 0);
                continue;
            };
            if let Some(reason) = recipient.skip {
                self.record(&job, Status::Skipped, Some(reason.into()), 0);
                continue;
            }
            // This chat's own 429 pause: the others go on, this one waits aside (taking no token
            // and no sending slot).
            if let Some(wait) = self.state.telegram.pacer().chat_paused_for(job.delivery.chat_id) {
                self.deferred.push((Instant::now() + wait, job));
                continue;
            }
            if tasks.len() >= self.max_in_flight {
                self.queue.push_front(job);
                if let Some(joined) = tasks.join_next().await {
                    self.settle(joined);
                }
                continue;
            }
            // A long 429 pause is waited out in pieces, renewing our claims in between.
            if !self.state.telegram.pacer().ready(Duration::from_secs(30)).await {
                self.queue.push_front(job);
                self.claimed_at = OffsetDateTime::UNIX_EPOCH;
                continue;
            }
            let params = self.message(&job, &recipient, &announcement);
            let telegram = self.state.telegram.clone();
            tasks.spawn(async move {
                let chat_id = job.delivery.chat_id;
                let wait = telegram.pacer().reserve_chat(chat_id);
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                let outcome = telegram.send_broadcast(&params).await;
                (job, outcome)
            });
        };
        while let Some(joined) = tasks.join_next().await {
            self.settle(joined);
        }
        self.flush().await?;
        // Users may change their mind between broadcasts: their state is read afresh next time.
        self.recipients.clear();
        self.announcements.clear();
        self.cancelled.clear();
        result
    }

    fn message(&self, job: &Job, recipient: &Recipient, announcement: &Announcement) -> SendMessageParams {
        let t = Texts(recipient.lang);
        let buttons = keyboard(vec![vec![
            (
                tr!(t, "broadcast-btn-view-profile"),
                BrowseCb::Profile(PerformerId(announcement.profile_id)).into(),
            ),
            (
                tr!(t, "broadcast-btn-book"),
                BookCb::Start(PerformerId(announcement.profile_id)).into(),
            ),
        ]]);
        SendMessageParams {
            reply_markup: Some(ReplyMarkup::InlineKeyboardMarkup(buttons)),
            allow_paid_broadcast: self.paid.then_some(true),
            ..SendMessageParams::builder()
                .chat_id(job.delivery.chat_id)
                .text(tr!(t, "broadcast-online-now", name = &announcement.name))
                .build()
        }
    }

    /// Claims the next batch and loads what sending it needs. Returns how many were claimed.
    async fn claim(&mut self) -> Result<usize, DbErr> {
        let now = self.state.now();
        let claimed = queue::claim(&self.state.db, &self.worker, now, now - CLAIM_LEASE, self.batch).await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        self.claimed_at = now;
        // The bot's rate is shared by every process broadcasting now (this one included).
        let senders = queue::active_senders(&self.state.db, now - CLAIM_LEASE).await?;
        if let Some(pace) = self.state.telegram.pacer().share(senders) {
            info!(senders, pace, "broadcast pace set to this process's share");
        }
        let user_ids: Vec<i64> = claimed.iter().map(|c| c.user_id).collect();
        if !user_ids.is_empty() {
            let default = Lang::from_stored(&self.state.config.bot.default_language);
            // Everyone not found (deleted meanwhile) is left out and skipped as gone.
            for user in users::Entity::find()
                .filter(users::Column::Id.is_in(user_ids))
                .all(&self.state.db)
                .await?
            {
                let lang = if user.language_code.is_empty() {
                    default
                } else {
                    Lang::from_stored(&user.language_code)
                };
                let skip = if user.bot_blocked_at.is_some() {
                    Some(SKIP_BLOCKED)
                } else if user.banned_at.is_some() {
                    // Banned after the broadcast was queued.
                    Some(SKIP_BANNED)
                } else if user.broadcast_opt_out {
                    Some(SKIP_OPTED_OUT)
                } else {
                    None
                };
                self.recipients.insert(user.id, Recipient { lang, skip });
            }
        }
        for broadcast_id in claimed.iter().map(|c| c.broadcast_id).collect::<HashSet<_>>() {
            if self.announcements.contains_key(&broadcast_id) {
                continue;
            }
            let announcement = match queue::get(&self.state.db, broadcast_id).await? {
                Some(b) => profiles::get(&self.state.db, b.performer_id)
                    .await?
                    .map(|p| Announcement {
                        profile_id: p.id,
                        name: p.display_name,
                    }),
                None => None,
            };
            self.announcements.insert(broadcast_id, announcement);
        }
        // A fresh look at cancellations covers the new batch's broadcasts.
        self.cancel_checked = Instant::now() - CANCEL_POLL;
        let n = claimed.len();
        debug!(claimed = n, "broadcast deliveries claimed");
        self.queue
            .extend(claimed.into_iter().map(|delivery| Job { delivery, tries: 0 }));
        Ok(n)
    }

    async fn refresh_cancelled(&mut self) -> Result<(), DbErr> {
        if self.cancel_checked.elapsed() < CANCEL_POLL {
            return Ok(());
        }
        self.cancel_checked = Instant::now();
        let ids: Vec<i64> = self
            .queue
            .iter()
            .map(|j| j.delivery.broadcast_id)
            .filter(|id| !self.cancelled.contains(id))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        self.cancelled
            .extend(queue::cancelled_among(&self.state.db, &ids).await?);
        Ok(())
    }

    /// Handles a finished send.
    fn settle(&mut self, joined: Result<(Job, Outcome), tokio::task::JoinError>) {
        let Ok((mut job, outcome)) = joined else {
            // A send task panicked: its delivery stays claimed and is retried after the lease.
            warn!("a broadcast send task failed");
            return;
        };
        job.tries += 1;
        match outcome {
            Outcome::Sent => self.record(&job, Status::Sent, None, job.tries),
            Outcome::RetryAfter(wait) => {
                let global = self.state.telegram.pacer().paused_for().is_some();
                warn!(
                    retry_after = wait.as_secs(),
                    chat_id = job.delivery.chat_id,
                    global,
                    "Telegram rate limit: the message is tried again after retry_after"
                );
                if job.tries >= MAX_ATTEMPTS {
                    self.record(
                        &job,
                        Status::Failed,
                        Some("429 too many requests".into()),
                        job.tries,
                    );
                } else {
                    self.queue.push_front(job);
                }
            }
            Outcome::Blocked => {
                let user_id = job.delivery.user_id;
                self.record(&job, Status::Failed, Some(SKIP_BLOCKED.into()), job.tries);
                if let Some(r) = self.recipients.get_mut(&user_id) {
                    r.skip = Some(SKIP_BLOCKED);
                }
                self.newly_blocked.push(user_id);
            }
            Outcome::Failed { retry, error } => {
                if retry && job.tries < MAX_ATTEMPTS {
                    self.queue.push_back(job);
                } else {
                    let mut error = error;
                    error.truncate(200);
                    self.record(&job, Status::Failed, Some(error), job.tries);
                }
            }
        }
    }

    fn record(&mut self, job: &Job, status: Status, detail: Option<String>, attempts: i32) {
        self.done
            .entry((status, detail, attempts))
            .or_default()
            .push(job.delivery.id);
        self.done_count += 1;
    }

    async fn flush_if_due(&mut self) -> Result<(), DbErr> {
        if self.done_count >= FLUSH_SIZE || (self.done_count > 0 && self.flushed.elapsed() >= FLUSH_EVERY) {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), DbErr> {
        self.flushed = Instant::now();
        if self.done_count == 0 {
            return Ok(());
        }
        let now = self.state.now();
        for ((status, detail, attempts), ids) in std::mem::take(&mut self.done) {
            queue::finish(
                &self.state.db,
                &self.worker,
                &ids,
                status,
                detail.as_deref(),
                attempts,
                now,
            )
            .await?;
        }
        self.done_count = 0;
        // A user who blocked the bot is skipped in every other broadcast still pending.
        for user_id in std::mem::take(&mut self.newly_blocked) {
            queue::skip_user(&self.state.db, user_id, SKIP_BLOCKED).await?;
        }
        Ok(())
    }

    /// Puts the set-aside deliveries whose chat pause has ended back at the head of the queue.
    fn requeue_due(&mut self) {
        let now = Instant::now();
        let (due, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.deferred)
            .into_iter()
            .partition(|(at, _)| *at <= now);
        self.deferred = waiting;
        for (_, job) in due.into_iter().rev() {
            self.queue.push_front(job);
        }
    }

    async fn renew_if_due(&mut self) -> Result<(), DbErr> {
        let now = self.state.now();
        if now - self.claimed_at < CLAIM_LEASE / 3 {
            return Ok(());
        }
        self.claimed_at = now;
        if !self.queue.is_empty() || !self.deferred.is_empty() {
            queue::renew(&self.state.db, &self.worker, now).await?;
        }
        Ok(())
    }
}
