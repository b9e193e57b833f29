//! The broadcast lane: the lower-priority way out for messages nobody is waiting for.
//!
//! People's own answers go straight out through [`Telegram`]'s Bot API methods and never wait here. Broadcasts
//! wait for three things before each message:
//! - a token from one global bucket refilled at `broadcast.rate` per second (GCRA via
//!   `governor`). Answers to people take a token too when one is free, but never wait for it, so
//!   a busy bot slows its broadcasts instead of its replies;
//! - the end of any global 429 pause;
//! - one second since the lane's last message to the same chat, and the end of that chat's own
//!   429 pause.
//!
//! A 429 is paced by what it is about ([`Pacer::note_429`]). Telegram limits each chat as well as
//! the bot as a whole, and its answer does not say which limit was hit: a 429 on a call to one
//! chat (someone tapping fast, one busy chat) pauses only that chat, so one person cannot stall
//! a broadcast to everyone else; a 429 on a call without a chat, or 429s for several chats close
//! together ([`FLOOD_CHATS`] within [`FLOOD_WINDOW`]), mean the bot's own limit and pause every
//! broadcast message.
//!
//! `broadcast.rate` is the bot's rate, not a process's: when several replicas send at once, each
//! paces at its share ([`Pacer::share`], set by the broadcast sender from the number of senders
//! holding live claims in the database).

use std::collections::{HashMap, VecDeque};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use frankenstein::methods::SendMessageParams;
use frankenstein::AsyncTelegramApi;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::time::Instant;

use super::{Lane, Telegram, TelegramError};

/// Shortest spacing of two broadcast messages to one chat (Telegram's per-chat limit).
pub const PER_CHAT_SPACING: Duration = Duration::from_secs(1);
/// This many different chats refused with 429 within [`FLOOD_WINDOW`] are a global flood…
pub const FLOOD_CHATS: usize = 3;
/// …(a per-chat limit is hit by one chat at a time; the bot's limit by all of them at once).
pub const FLOOD_WINDOW: Duration = Duration::from_secs(1);

/// The global pace of broadcasts and the 429 pause, shared by every clone of [`Telegram`].
pub struct Pacer {
    /// The bot's whole rate (`broadcast.rate`).
    rate: NonZeroU32,
    /// This process's share of it (messages per second) and the bucket refilled at that pace.
    limiter: Mutex<(NonZeroU32, Arc<DefaultDirectRateLimiter>)>,
    clock: DefaultClock,
    paused_until: Mutex<Option<Instant>>,
    last_to_chat: Mutex<HashMap<i64, Instant>>,
    /// Chats refused with a 429 of their own, until when.
    chat_paused_until: Mutex<HashMap<i64, Instant>>,
    /// The latest 429s for a chat (when, which chat), to tell a global flood from one chat.
    recent_429s: Mutex<VecDeque<(Instant, i64)>>,
    /// Chats with calls waiting in the outbox, each with a count of the calls queued for it
    /// (a generation): what is sent to such a chat goes behind them, in order, until the outbox
    /// sender has drained every call it saw for that chat and none was queued since.
    queued: Mutex<HashMap<i64, u64>>,
}

impl Pacer {
    /// `rate` messages per second. The bucket holds a twentieth of a second's worth (at least
    /// two): enough to absorb timer jitter so the sustained rate really is `rate`, small enough
    /// that no second ever sees much more than `rate`.
    pub fn new(rate: u32) -> Self {
        let rate = NonZeroU32::new(rate).unwrap_or(NonZeroU32::MIN);
        Self {
            rate,
            limiter: Mutex::new((rate, Arc::new(bucket(rate)))),
            clock: DefaultClock::default(),
            paused_until: Mutex::new(None),
            last_to_chat: Mutex::new(HashMap::new()),
            chat_paused_until: Mutex::new(HashMap::new()),
            recent_429s: Mutex::new(VecDeque::new()),
            queued: Mutex::new(HashMap::new()),
        }
    }

    /// A call to `chat_id` was queued in the outbox.
    pub fn note_queued(&self, chat_id: i64) {
        *self
            .queued
            .lock()
            .expect("pacer lock")
            .entry(chat_id)
            .or_insert(0) += 1;
    }

    /// Whether `chat_id` has calls waiting in the outbox (as far as this process knows).
    pub fn has_queued(&self, chat_id: i64) -> bool {
        self.queued.lock().expect("pacer lock").contains_key(&chat_id)
    }

    /// The outbox sender found open calls for `chat_id` (queued by this process or, after a
    /// restart, by an earlier one): the chat counts as queued, and its generation is returned
    /// for [`Self::drained`].
    pub fn seen_queued(&self, chat_id: i64) -> u64 {
        *self
            .queued
            .lock()
            .expect("pacer lock")
            .entry(chat_id)
            .or_insert(0)
    }

    /// The outbox sender sent (or gave up) every call it had seen for `chat_id` at
    /// `generation`: fresh calls may go straight to Telegram again, unless more were queued
    /// meanwhile.
    pub fn drained(&self, chat_id: i64, generation: u64) {
        let mut queued = self.queued.lock().expect("pacer lock");
        if queued.get(&chat_id) == Some(&generation) {
            queued.remove(&chat_id);
        }
    }

    /// Paces this process at its share of the bot's rate when `senders` processes (this one
    /// included) are broadcasting: `rate / senders`, at least one message a second. A changed
    /// share starts a fresh bucket; an unchanged one keeps its state. Returns the new pace if it
    /// changed.
    pub fn share(&self, senders: u32) -> Option<u32> {
        let pace = NonZeroU32::new(self.rate.get() / senders.max(1)).unwrap_or(NonZeroU32::MIN);
        let mut limiter = self.limiter.lock().expect("pacer lock");
        if limiter.0 == pace {
            return None;
        }
        *limiter = (pace, Arc::new(bucket(pace)));
        Some(pace.get())
    }

    /// The pace this process keeps now, in messages per second.
    pub fn pace(&self) -> u32 {
        self.limiter.lock().expect("pacer lock").0.get()
    }

    fn limiter(&self) -> Arc<DefaultDirectRateLimiter> {
        self.limiter.lock().expect("pacer lock").1.clone()
    }

    /// An answer to someone went out: it uses up a token if one is free, never waits.
    pub fn note_interactive(&self) {
        let _ = self.limiter().check();
    }

    /// Telegram answered 429 with `retry_after` = `wait` to a call addressed to `chat_id`
    /// (`None`: a call without a chat). Pauses that chat alone, or every broadcast message when
    /// the 429 cannot be one chat's (no chat, or [`FLOOD_CHATS`] chats within [`FLOOD_WINDOW`]).
    /// Returns whether the pause is global.
    pub fn note_429(&self, chat_id: Option<i64>, wait: Duration) -> bool {
        let Some(chat_id) = chat_id else {
            self.pause_for(wait);
            return true;
        };
        let now = Instant::now();
        {
            let mut chats = self.chat_paused_until.lock().expect("pacer lock");
            if chats.len() > 4096 {
                chats.retain(|_, until| *until > now);
            }
            let until = chats.entry(chat_id).or_insert(now);
            *until = (*until).max(now + wait);
        }
        let flood = {
            let mut recent = self.recent_429s.lock().expect("pacer lock");
            while recent
                .front()
                .is_some_and(|(at, _)| now.saturating_duration_since(*at) > FLOOD_WINDOW)
            {
                recent.pop_front();
            }
            recent.push_back((now, chat_id));
            let mut chats: Vec<i64> = recent.iter().map(|(_, chat)| *chat).collect();
            chats.sort_unstable();
            chats.dedup();
            chats.len() >= FLOOD_CHATS
        };
        if flood {
            self.pause_for(wait);
        }
        flood
    }

    /// How much longer `chat_id`'s own 429 pause lasts.
    pub fn chat_paused_for(&self, chat_id: i64) -> Option<Duration> {
        let until = self
            .chat_paused_until
            .lock()
            .expect("pacer lock")
            .get(&chat_id)
            .copied()?;
        until
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    }

    /// A call to `chat_id` went through: its own 429 pause, if any, is over.
    pub fn chat_resumed(&self, chat_id: i64) {
        self.chat_paused_until
            .lock()
            .expect("pacer lock")
            .remove(&chat_id);
    }

    /// Nothing more is broadcast for `wait` (the bot as a whole is over its limit).
    pub fn pause_for(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut paused = self.paused_until.lock().expect("pacer lock");
        if paused.is_none_or(|p| p < until) {
            *paused = Some(until);
        }
    }

    /// How much longer the 429 pause lasts.
    pub fn paused_for(&self) -> Option<Duration> {
        let paused = *self.paused_until.lock().expect("pacer lock");
        paused
            .and_then(|until| until.checked_duration_since(Instant::now()))
            .filter(|d| !d.is_zero())
    }

    /// Waits, for at most `limit`, until one broadcast message may go out, and takes its token.
    /// `false` if a 429 pause still lasts after `limit` (the caller has housekeeping to do).
    pub async fn ready(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(wait) = self.paused_for() {
                let now = Instant::now();
                if now >= deadline {
                    return false;
                }
                tokio::time::sleep(wait.min(deadline - now)).await;
                continue;
            }
            match self.limiter().check() {
                Ok(()) => return true,
                Err(not_until) => {
                    tokio::time::sleep(not_until.wait_time_from(self.clock.now())).await;
                }
            }
        }
    }

    /// Books the next broadcast slot of `chat_id`: how long to wait before sending to it (a
    /// second after its last message, and not before its own 429 pause ends).
    pub fn reserve_chat(&self, chat_id: i64) -> Duration {
        let now = Instant::now();
        let paused = self.chat_paused_for(chat_id).map_or(now, |wait| now + wait);
        let mut last = self.last_to_chat.lock().expect("pacer lock");
        if last.len() > 4096 {
            last.retain(|_, at| now.saturating_duration_since(*at) < PER_CHAT_SPACING);
        }
        let at = match last.get(&chat_id) {
            Some(prev) => (*prev + PER_CHAT_SPACING).max(paused),
            None => paused,
        };
        last.insert(chat_id, at);
        at - now
    }
}

/// A bucket refilled at `rate` per second holding a twentieth of a second's worth (at least two).
fn bucket(rate: NonZeroU32) -> DefaultDirectRateLimiter {
    let burst = NonZeroU32::new((rate.get() / 20).max(2)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::direct(Quota::per_second(rate).allow_burst(burst))
}

/// What became of one broadcast message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// 429: this message should be tried again after this long (the pacer knows whether only
    /// its chat or every broadcast waits).
    RetryAfter(Duration),
    /// 403: the user blocked the bot (recorded on their row).
    Blocked,
    /// Anything else; `retry` says whether another attempt could succeed.
    Failed {
        retry: bool,
        error: String,
    },
}

impl Telegram {
    pub fn pacer(&self) -> &Pacer {
        &self.pacer
    }

    /// Sends one broadcast message once, without the retry loop of the interactive calls: the
    /// broadcast sender decides what to do with a 429, because waiting it out here would hold
    /// a sending slot (and, when the 429 is global, every other message must wait too). Waiting for the pace is the caller's business ([`Pacer::ready`]).
    pub async fn send_broadcast(&self, params: &SendMessageParams) -> Outcome {
        let lane = Telegram {
            lane: Lane::Broadcast,
            ..self.clone()
        };
        match lane.send_message(params).await {
            Ok(_) => Outcome::Sent,
            Err(TelegramError::RateLimited(wait)) => Outcome::RetryAfter(wait),
            Err(TelegramError::RetryTooLong(secs)) => Outcome::RetryAfter(Duration::from_secs(secs)),
            Err(TelegramError::Blocked(_)) => Outcome::Blocked,
            Err(TelegramError::Api {
                code, description, ..
            }) => Outcome::Failed {
                retry: code >= 500,
                error: format!("{code} {description}"),
            },
            Err(TelegramError::NotConfigured) => Outcome::Failed {
                retry: false,
                error: "no Telegram token is configured".into(),
            },
            Err(TelegramError::Transport(error)) => Outcome::Failed { retry: true, error },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_chat_gets_at_most_one_broadcast_message_a_second() {
        let pacer = Pacer::new(1000);
        assert_eq!(pacer.reserve_chat(7), Duration::ZERO);
        let second = pacer.reserve_chat(7);
        assert!(second > Duration::from_millis(900), "{second:?}");
        let third = pacer.reserve_chat(7);
        assert!(third > Duration::from_millis(1900), "{third:?}");
        assert_eq!(pacer.reserve_chat(8), Duration::ZERO);
    }

    #[test]
    fn several_senders_share_the_rate() {
        let pacer = Pacer::new(30);
        assert_eq!(pacer.pace(), 30);
        pacer.share(2);
        assert_eq!(pacer.pace(), 15);
        pacer.share(3);
        assert_eq!(pacer.pace(), 10);
        // Never stopped altogether, however many there are.
        pacer.share(1_000);
        assert_eq!(pacer.pace(), 1);
        // Alone again: the whole rate.
        pacer.share(1);
        assert_eq!(pacer.pace(), 30);
        pacer.share(0);
        assert_eq!(pacer.pace(), 30);
    }

    #[tokio::test]
    async fn a_share_is_kept_by_the_bucket() {
        // At 4/s alone the bucket holds 2; shared by two senders (2/s) it still holds 2, then
        // refills at one token every half second.
        let pacer = Pacer::new(4);
        pacer.share(2);
        assert!(pacer.ready(Duration::from_millis(10)).await);
        assert!(pacer.ready(Duration::from_millis(10)).await);
        let started = Instant::now();
        assert!(pacer.ready(Duration::from_secs(2)).await);
        assert!(
            started.elapsed() >= Duration::from_millis(400),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test]
    async fn a_pause_holds_the_lane_and_ends() {
        let pacer = Pacer::new(1000);
        pacer.pause_for(Duration::from_millis(200));
        assert!(pacer.paused_for().is_some());
        assert!(!pacer.ready(Duration::from_millis(20)).await);
        assert!(pacer.ready(Duration::from_secs(1)).await);
        assert!(pacer.paused_for().is_none());
        // A shorter pause never shortens a longer one.
        pacer.pause_for(Duration::from_secs(5));
        pacer.pause_for(Duration::from_millis(1));
        assert!(pacer.paused_for().unwrap() > Duration::from_secs(4));
    }

    #[tokio::test]
    async fn a_429_for_one_chat_pauses_that_chat_and_no_other() {
        let pacer = Pacer::new(1000);
        assert!(!pacer.note_429(Some(7), Duration::from_secs(3)));
        assert!(pacer.paused_for().is_none(), "the lane goes on");
        assert!(pacer.chat_paused_for(7).unwrap() > Duration::from_millis(2900));
        assert!(pacer.chat_paused_for(8).is_none());
        assert!(pacer.reserve_chat(7) > Duration::from_millis(2900));
        assert_eq!(pacer.reserve_chat(8), Duration::ZERO);
        // The same chat refused again is still one chat, not a flood.
        assert!(!pacer.note_429(Some(7), Duration::from_secs(1)));
        assert!(pacer.paused_for().is_none());
    }

    #[tokio::test]
    async fn many_chats_refused_at_once_or_a_call_without_a_chat_pause_every_broadcast() {
        let pacer = Pacer::new(1000);
        assert!(!pacer.note_429(Some(1), Duration::from_secs(2)));
        assert!(!pacer.note_429(Some(2), Duration::from_secs(2)));
        assert!(pacer.note_429(Some(3), Duration::from_secs(2)));
        assert!(pacer.paused_for().unwrap() > Duration::from_millis(1900));

        let pacer = Pacer::new(1000);
        assert!(pacer.note_429(None, Duration::from_secs(2)));
        assert!(pacer.paused_for().unwrap() > Duration::from_millis(1900));
    }

    #[tokio::test]
    async fn answers_to_people_take_free_tokens_but_never_wait() {
        let pacer = Pacer::new(2);
        pacer.note_interactive();
        pacer.note_interactive();
        // Both tokens went to answers, and a third answer did not block.
        pacer.note_interactive();
        let started = std::time::Instant::now();
        assert!(pacer.ready(Duration::from_secs(2)).await);
        assert!(
            started.elapsed() >= Duration::from_millis(400),
            "{:?}",
            started.elapsed()
        );
    }
}
