//! The booking lifecycle as a pure state machine: where each event moves a booking, and what follows.
//!
//! [`transition`] is the only place that knows the rules of design.md §2. The booking service
//! loads a booking, calls it, persists the new status with a conditional update plus a
//! `booking_events` row, and only then performs the returned [`Effect`]s, so a lost race never
//! sends a message or moves money.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The states are an active enum of the `entity` crate, because the `bookings` entity's column
/// needs the type and that crate cannot depend on this one; their transitions are this module's.
pub use entity::bookings::BookingStatus;
/// A stored name that matches no variant, e.g. a `bookings.status` written by a newer version.
pub use entity::names::UnknownName;

/// Who caused an event; an active enum of `entity` for `booking_events.actor`, like the status.
pub use entity::booking_events::Actor;

/// Something that happened to a booking. Facts the state machine cannot know (the clock, whether a
/// slot is still free) are decided by the caller and carried in the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum BookingEvent {
    /// The user picked "Start now" or a slot, and the service found it free.
    Hold,
    /// The user picked "Start now", the service found the performer free, and she must accept
    /// first (`bookings.start_now_needs_acceptance`): her time is kept, no invoice yet.
    AskPerformer,
    /// The performer accepted the Start-now request in time: the invoice goes out.
    PerformerAccepted,
    /// The performer declined the Start-now request: her time is free again.
    PerformerDeclined,
    /// The Telegram invoice for a held booking was delivered.
    InvoiceSent,
    /// The hold TTL passed without a payment.
    HoldExpired,
    /// `before_cutoff` is the caller's reading of the cancellation policy clock; it only matters
    /// when a user cancels a confirmed booking, since performers and admins always refund.
    Cancel { by: Actor, before_cutoff: bool },
    /// Telegram's `successful_payment` for this booking.
    PaymentReceived,
    /// A `successful_payment` for an `expired` booking, after the service checked whether its
    /// slot is still free (it may have been given to someone else since).
    LatePayment { slot_free: bool },
    /// The video provider reported the meeting started (both sides joined).
    MeetingStarted,
    /// The video provider reported the meeting ended.
    MeetingEnded,
    /// Scheduled end plus grace passed; the only end signal for providers without webhooks.
    ScheduledEndPassed,
    /// The performer did not join within the grace period.
    PerformerAbsent,
    /// The user did not join within the grace period.
    UserAbsent,
    /// The refund owed for a cancelled or no-show booking went through.
    RefundCompleted,
    /// A completed call the user said did not take place, settled for the user (by the
    /// performer or an admin): the payment goes back.
    DisputeRefund,
    /// Inside the cut-off the user asked the performer to cancel a paid call. The service has
    /// checked that the booking has no request yet; the booking stays as it is meanwhile.
    CancelRequested,
    /// The performer accepted the user's open request: cancelled with a full refund. Not the
    /// performer's own cancellation (those are `Cancel { by: Performer }` and are counted).
    CancelRequestAccepted,
    /// The performer declined the open request: the booking stands, the policy holds.
    CancelRequestDeclined,
    /// The call started with the request unanswered: it lapses, the policy holds.
    CancelRequestLapsed,
    /// The confirmed call moves to another free time of the same performer (the user's pick, or
    /// one the performer proposed and the user picked). `before_cutoff` is the caller's reading
    /// of the cancellation cut-off for the current time; the service checks the new slot and
    /// the move limit in the same transaction.
    Reschedule { before_cutoff: bool },
    /// The user declined the times the performer proposed instead: the booking ends with a
    /// full refund whatever the cut-off, since the performer asked for the change.
    DeclineReschedule,
}

impl BookingEvent {
    /// Stable snake-case name for `booking_events.reason`, logs and errors.
    pub fn name(&self) -> &'static str {
        match self {
            BookingEvent::Hold => "hold",
            BookingEvent::AskPerformer => "ask_performer",
            BookingEvent::PerformerAccepted => "performer_accepted",
            BookingEvent::PerformerDeclined => "performer_declined",
            BookingEvent::InvoiceSent => "invoice_sent",
            BookingEvent::HoldExpired => "hold_expired",
            BookingEvent::Cancel { .. } => "cancel",
            BookingEvent::PaymentReceived => "payment_received",
            BookingEvent::LatePayment { .. } => "late_payment",
            BookingEvent::MeetingStarted => "meeting_started",
            BookingEvent::MeetingEnded => "meeting_ended",
            BookingEvent::ScheduledEndPassed => "scheduled_end_passed",
            BookingEvent::PerformerAbsent => "performer_absent",
            BookingEvent::UserAbsent => "user_absent",
            BookingEvent::RefundCompleted => "refund_completed",
            BookingEvent::DisputeRefund => "dispute_refund",
            BookingEvent::CancelRequested => "cancel_requested",
            BookingEvent::CancelRequestAccepted => "cancel_request_accepted",
            BookingEvent::CancelRequestDeclined => "cancel_request_declined",
            BookingEvent::CancelRequestLapsed => "cancel_request_lapsed",
            BookingEvent::Reschedule { .. } => "reschedule",
            BookingEvent::DeclineReschedule => "decline_reschedule",
        }
    }
}

/// Work the service must do after it has persisted a transition, in the order given.
///
/// Notifications say only who must hear; what to tell them follows from the new status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Return the payment for this booking (Stars: `refundStarPayment`), then, for `cancelled` and
    /// `no_show`, report `RefundCompleted`.
    Refund,
    /// The booking stopped occupying its slot: "Start now" and slot lists may offer it again.
    FreeSlot,
    /// Remove the video room so the link stops working.
    DeleteRoom,
    /// Send the Telegram invoice for the held slot.
    SendInvoice,
    /// Create the room and send the link to both sides.
    IssueMeetingLink,
    /// The call has a new time: move the room's times, make both sides' links again for the
    /// new time and send them with the new time and a new `.ics` (same UID, higher SEQUENCE).
    MoveMeeting,
    NotifyUser,
    NotifyPerformer,
    NotifyAdmins,
}

/// Why an event cannot be applied to a booking in its current status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error("event {event} is not allowed while the booking is {from}")]
    Illegal {
        from: BookingStatus,
        event: &'static str,
    },
    #[error("the booking is already {state}; event {event} cannot change it")]
    AlreadyTerminal {
        state: BookingStatus,
        event: &'static str,
    },
    #[error("the cancellation cut-off has passed; only the performer or an admin can cancel now")]
    CancelTooLate,
    #[error("the cancellation cut-off has passed; the booking can no longer be moved")]
    RescheduleTooLate,
    /// A payment for an expired booking: the caller must check the slot and send `LatePayment`.
    #[error("payment arrived after the hold expired; check the slot and send late_payment")]
    LatePaymentNeedsSlotCheck,
}

use BookingStatus as S;
use Effect as Fx;

const PAYMENT_HONOURED: &[Effect] = &[Fx::IssueMeetingLink, Fx::NotifyUser, Fx::NotifyPerformer];
/// A payment we cannot honour (duplicate, or for a dead booking) goes straight back, and admins
/// hear of it because it usually means a second invoice was paid or a race was lost.
const PAYMENT_RETURNED: &[Effect] = &[Fx::Refund, Fx::NotifyUser, Fx::NotifyAdmins];

/// Applies `event` to a booking in `state`: the new status and the effects to perform, or why not.
///
/// Pure and total: every status × event pair has a defined answer (see the table in the tests).
/// Payments are never rejected with an error when the money cannot be used: a payment the booking
/// cannot honour yields a self-transition with a [`Effect::Refund`], so no payment is ever lost.
pub fn transition(
    state: BookingStatus,
    event: &BookingEvent,
) -> Result<(BookingStatus, Vec<Effect>), TransitionError> {
    use BookingEvent as E;

    let to = |next: BookingStatus, effects: &[Effect]| Ok((next, effects.to_vec()));
    match (state, *event) {
        (S::Draft, E::Hold) => to(S::Held, &[Fx::SendInvoice]),
        // Start now with acceptance: only the performer hears of it until she answers.
        (S::Draft, E::AskPerformer) => to(S::AwaitingPerformer, &[Fx::NotifyPerformer]),
        (S::AwaitingPerformer, E::PerformerAccepted) => to(S::Held, &[Fx::SendInvoice]),
        (S::AwaitingPerformer, E::PerformerDeclined) => to(S::Cancelled, &[Fx::FreeSlot, Fx::NotifyUser]),
        // No answer in time: the user hears at once, the performer that the request is gone.
        (S::AwaitingPerformer, E::HoldExpired) => {
            to(S::Expired, &[Fx::FreeSlot, Fx::NotifyUser, Fx::NotifyPerformer])
        }
        (S::AwaitingPerformer, E::Cancel { by, .. }) => {
            // Nothing was paid; the performer was asked, so she hears unless she cancelled.
            let mut effects = vec![Fx::FreeSlot];
            if by != Actor::User {
                effects.push(Fx::NotifyUser);
            }
            if by != Actor::Performer {
                effects.push(Fx::NotifyPerformer);
            }
            Ok((S::Cancelled, effects))
        }
        (S::Held, E::InvoiceSent) => to(S::AwaitingPayment, &[]),
        (S::Held | S::AwaitingPayment, E::HoldExpired) => to(S::Expired, &[Fx::FreeSlot, Fx::NotifyUser]),

        (S::Draft | S::Held | S::AwaitingPayment, E::Cancel { by, .. }) => {
            // Nothing was paid, so nothing is refunded; the performer never heard of an unpaid
            // booking, so only the user is told, and only when someone else cancelled it.
            let mut effects = Vec::with_capacity(2);
            if state.occupies_slot() {
                effects.push(Fx::FreeSlot);
            }
            if by != Actor::User {
                effects.push(Fx::NotifyUser);
            }
            Ok((S::Cancelled, effects))
        }
        (S::Confirmed, E::Cancel { by, before_cutoff }) => {
            if by == Actor::User && !before_cutoff {
                return Err(TransitionError::CancelTooLate);
            }
            let mut effects = vec![Fx::Refund, Fx::FreeSlot, Fx::DeleteRoom];
            if by != Actor::User {
                effects.push(Fx::NotifyUser);
            }
            if by != Actor::Performer {
                effects.push(Fx::NotifyPerformer);
            } else {
                // A performer cancelling a paid call is something admins watch (and count).
                effects.push(Fx::NotifyAdmins);
            }
            Ok((S::Cancelled, effects))
        }

        // A request inside the cut-off: only the performer hears of it, and the booking keeps
        // its slot, link and payment until she answers.
        (S::Confirmed, E::CancelRequested) => to(S::Confirmed, &[Fx::NotifyPerformer]),
        (S::Confirmed, E::CancelRequestAccepted) => to(
            S::Cancelled,
            &[Fx::Refund, Fx::FreeSlot, Fx::DeleteRoom, Fx::NotifyUser],
        ),
        (S::Confirmed, E::CancelRequestDeclined) => to(S::Confirmed, &[Fx::NotifyUser]),
        // The call started (or is under way: the job may run late) with no answer.
        (S::Confirmed | S::InProgress, E::CancelRequestLapsed) => {
            Ok((state, vec![Fx::NotifyUser, Fx::NotifyPerformer]))
        }

        (S::Held | S::AwaitingPayment, E::PaymentReceived) => to(S::Confirmed, PAYMENT_HONOURED),
        (S::Expired, E::PaymentReceived) => Err(TransitionError::LatePaymentNeedsSlotCheck),
        (S::Expired, E::LatePayment { slot_free: true }) => to(S::Confirmed, PAYMENT_HONOURED),
        // The slot went to someone else: design.md §2 goes straight to `refunded`, there is no
        // meeting to cancel, so the refund is issued on entering it.
        (S::Expired, E::LatePayment { slot_free: false }) => to(S::Refunded, &[Fx::Refund, Fx::NotifyUser]),
        (_, E::PaymentReceived) => Ok((state, PAYMENT_RETURNED.to_vec())),

        (S::Confirmed, E::MeetingStarted) => to(S::InProgress, &[]),
        (S::InProgress, E::MeetingEnded) | (S::Confirmed | S::InProgress, E::ScheduledEndPassed) => {
            to(S::Completed, &[Fx::FreeSlot, Fx::DeleteRoom])
        }
        // In progress too: both joined, but not for long enough (see `calls.min_connected_percent`).
        (S::Confirmed | S::InProgress, E::PerformerAbsent) => to(
            S::NoShow,
            &[
                Fx::Refund,
                Fx::FreeSlot,
                Fx::DeleteRoom,
                Fx::NotifyUser,
                Fx::NotifyPerformer,
                Fx::NotifyAdmins,
            ],
        ),
        // The performer kept the time free, so they keep the payment.
        (S::Confirmed | S::InProgress, E::UserAbsent) => to(
            S::NoShow,
            &[Fx::FreeSlot, Fx::DeleteRoom, Fx::NotifyUser, Fx::NotifyPerformer],
        ),
        (S::Cancelled | S::NoShow, E::RefundCompleted) => to(S::Refunded, &[Fx::NotifyUser]),
        // The refund itself tells the user (the payment is refunded with a notice).
        (S::Completed, E::DisputeRefund) => to(S::Refunded, &[Fx::Refund]),
        // Same status, same slot count: the new slot is taken and the old one freed by the one
        // conditional update that moves the times, so no FreeSlot.
        (S::Confirmed, E::Reschedule { before_cutoff: true }) => to(S::Confirmed, &[Fx::MoveMeeting]),
        (S::Confirmed, E::Reschedule { before_cutoff: false }) => Err(TransitionError::RescheduleTooLate),
        // The user declined: they know; the performer who proposed is told.
        (S::Confirmed, E::DeclineReschedule) => to(
            S::Cancelled,
            &[Fx::Refund, Fx::FreeSlot, Fx::DeleteRoom, Fx::NotifyPerformer],
        ),

        (from, event) if from.is_terminal() => Err(TransitionError::AlreadyTerminal {
            state: from,
            event: event.name(),
        }),
        (from, event) => Err(TransitionError::Illegal {
            from,
            event: event.name(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use BookingEvent as E;
    use BookingStatus::*;
    use Effect::*;

    /// What the table expects for one status × event pair.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Want {
        To(BookingStatus, &'static [Effect]),
        Illegal,
        Terminal,
        TooLate,
        MoveTooLate,
        NeedsSlotCheck,
    }
    use Want::{Illegal as ILLEGAL, MoveTooLate, NeedsSlotCheck, Terminal as TERMINAL, To, TooLate};

    const fn cancel(by: Actor, before_cutoff: bool) -> BookingEvent {
        E::Cancel { by, before_cutoff }
    }
    const USER: Actor = Actor::User;
    const PERF: Actor = Actor::Performer;
    const ADMIN: Actor = Actor::Admin;
    const SYS: Actor = Actor::System;
    const LATE_FREE: BookingEvent = E::LatePayment { slot_free: true };
    const LATE_TAKEN: BookingEvent = E::LatePayment { slot_free: false };
    const MOVE: BookingEvent = E::Reschedule { before_cutoff: true };
    const MOVE_LATE: BookingEvent = E::Reschedule { before_cutoff: false };

    const PAID: &[Effect] = &[IssueMeetingLink, NotifyUser, NotifyPerformer];
    const RETURNED: &[Effect] = &[Refund, NotifyUser, NotifyAdmins];
    const ENDED: &[Effect] = &[FreeSlot, DeleteRoom];

    fn all_events() -> Vec<BookingEvent> {
        let mut events = vec![
            E::Hold,
            E::AskPerformer,
            E::PerformerAccepted,
            E::PerformerDeclined,
            E::InvoiceSent,
            E::HoldExpired,
        ];
        for by in Actor::ALL {
            events.push(cancel(by, true));
            events.push(cancel(by, false));
        }
        events.extend([
            E::PaymentReceived,
            LATE_FREE,
            LATE_TAKEN,
            E::MeetingStarted,
            E::MeetingEnded,
            E::ScheduledEndPassed,
            E::PerformerAbsent,
            E::UserAbsent,
            E::RefundCompleted,
            E::DisputeRefund,
            E::CancelRequested,
            E::CancelRequestAccepted,
            E::CancelRequestDeclined,
            E::CancelRequestLapsed,
            MOVE,
            MOVE_LATE,
            E::DeclineReschedule,
        ]);
        events
    }

    /// Every status × every event, 11 × 31 rows. `cancel(by, before_cutoff)`.
    #[rustfmt::skip]
    fn table() -> Vec<(BookingStatus, BookingEvent, Want)> {
        vec![
            // ── draft ─────────────────────────────────────────────────────────────────────
            (Draft, E::Hold,                 To(Held, &[SendInvoice])),
            (Draft, E::InvoiceSent,          ILLEGAL),
            (Draft, E::HoldExpired,          ILLEGAL),
            (Draft, cancel(USER, true),      To(Cancelled, &[])),
            (Draft, cancel(USER, false),     To(Cancelled, &[])),
            (Draft, cancel(PERF, true),      To(Cancelled, &[NotifyUser])),
            (Draft, cancel(PERF, false),     To(Cancelled, &[NotifyUser])),
            (Draft, cancel(ADMIN, true),     To(Cancelled, &[NotifyUser])),
            (Draft, cancel(ADMIN, false),    To(Cancelled, &[NotifyUser])),
            (Draft, cancel(SYS, true),       To(Cancelled, &[NotifyUser])),
            (Draft, cancel(SYS, false),      To(Cancelled, &[NotifyUser])),
            (Draft, E::PaymentReceived,      To(Draft, RETURNED)),
            (Draft, LATE_FREE,               ILLEGAL),
            (Draft, LATE_TAKEN,              ILLEGAL),
            (Draft, E::MeetingStarted,       ILLEGAL),
            (Draft, E::MeetingEnded,         ILLEGAL),
            (Draft, E::ScheduledEndPassed,   ILLEGAL),
            (Draft, E::PerformerAbsent,      ILLEGAL),
            (Draft, E::UserAbsent,           ILLEGAL),
            (Draft, E::RefundCompleted,      ILLEGAL),
            (Draft, E::DisputeRefund,        ILLEGAL),
            (Draft, E::CancelRequested,      ILLEGAL),
            (Draft, E::CancelRequestAccepted, ILLEGAL),
            (Draft, E::CancelRequestDeclined, ILLEGAL),
            (Draft, E::CancelRequestLapsed,  ILLEGAL),
            (Draft, MOVE,            ILLEGAL),
            (Draft, MOVE_LATE,       ILLEGAL),
            (Draft, E::DeclineReschedule, ILLEGAL),
            (Draft, E::AskPerformer,      To(AwaitingPerformer, &[NotifyPerformer])),
            (Draft, E::PerformerAccepted, ILLEGAL),
            (Draft, E::PerformerDeclined, ILLEGAL),
            // ── awaiting_performer (Start now, waiting for the performer's answer) ────────
            (AwaitingPerformer, E::Hold,                ILLEGAL),
            (AwaitingPerformer, E::AskPerformer,        ILLEGAL),
            (AwaitingPerformer, E::PerformerAccepted,   To(Held, &[SendInvoice])),
            (AwaitingPerformer, E::PerformerDeclined,   To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPerformer, E::InvoiceSent,         ILLEGAL),
            (AwaitingPerformer, E::HoldExpired,         To(Expired, &[FreeSlot, NotifyUser, NotifyPerformer])),
            (AwaitingPerformer, cancel(USER, true),     To(Cancelled, &[FreeSlot, NotifyPerformer])),
            (AwaitingPerformer, cancel(USER, false),    To(Cancelled, &[FreeSlot, NotifyPerformer])),
            (AwaitingPerformer, cancel(PERF, true),     To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPerformer, cancel(PERF, false),    To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPerformer, cancel(ADMIN, true),    To(Cancelled, &[FreeSlot, NotifyUser, NotifyPerformer])),
            (AwaitingPerformer, cancel(ADMIN, false),   To(Cancelled, &[FreeSlot, NotifyUser, NotifyPerformer])),
            (AwaitingPerformer, cancel(SYS, true),      To(Cancelled, &[FreeSlot, NotifyUser, NotifyPerformer])),
            (AwaitingPerformer, cancel(SYS, false),     To(Cancelled, &[FreeSlot, NotifyUser, NotifyPerformer])),
            (AwaitingPerformer, E::PaymentReceived,     To(AwaitingPerformer, RETURNED)),
            (AwaitingPerformer, LATE_FREE,              ILLEGAL),
            (AwaitingPerformer, LATE_TAKEN,             ILLEGAL),
            (AwaitingPerformer, E::MeetingStarted,      ILLEGAL),
            (AwaitingPerformer, E::MeetingEnded,        ILLEGAL),
            (AwaitingPerformer, E::ScheduledEndPassed,  ILLEGAL),
            (AwaitingPerformer, E::PerformerAbsent,     ILLEGAL),
            (AwaitingPerformer, E::UserAbsent,          ILLEGAL),
            (AwaitingPerformer, E::RefundCompleted,     ILLEGAL),
            (AwaitingPerformer, E::DisputeRefund,       ILLEGAL),
            (AwaitingPerformer, E::CancelRequested,     ILLEGAL),
            (AwaitingPerformer, E::CancelRequestAccepted, ILLEGAL),
            (AwaitingPerformer, E::CancelRequestDeclined, ILLEGAL),
            (AwaitingPerformer, E::CancelRequestLapsed, ILLEGAL),
            (AwaitingPerformer, MOVE,                   ILLEGAL),
            (AwaitingPerformer, MOVE_LATE,              ILLEGAL),
            (AwaitingPerformer, E::DeclineReschedule,   ILLEGAL),
            // ── held ──────────────────────────────────────────────────────────────────────
            (Held, E::Hold,                  ILLEGAL),
            (Held, E::InvoiceSent,           To(AwaitingPayment, &[])),
            (Held, E::HoldExpired,           To(Expired, &[FreeSlot, NotifyUser])),
            (Held, cancel(USER, true),       To(Cancelled, &[FreeSlot])),
            (Held, cancel(USER, false),      To(Cancelled, &[FreeSlot])),
            (Held, cancel(PERF, true),       To(Cancelled, &[FreeSlot, NotifyUser])),
            (Held, cancel(PERF, false),      To(Cancelled, &[FreeSlot, NotifyUser])),
            (Held, cancel(ADMIN, true),      To(Cancelled, &[FreeSlot, NotifyUser])),
            (Held, cancel(ADMIN, false),     To(Cancelled, &[FreeSlot, NotifyUser])),
            (Held, cancel(SYS, true),        To(Cancelled, &[FreeSlot, NotifyUser])),
            (Held, cancel(SYS, false),       To(Cancelled, &[FreeSlot, NotifyUser])),
            (Held, E::PaymentReceived,       To(Confirmed, PAID)),
            (Held, LATE_FREE,                ILLEGAL),
            (Held, LATE_TAKEN,               ILLEGAL),
            (Held, E::MeetingStarted,        ILLEGAL),
            (Held, E::MeetingEnded,          ILLEGAL),
            (Held, E::ScheduledEndPassed,    ILLEGAL),
            (Held, E::PerformerAbsent,       ILLEGAL),
            (Held, E::UserAbsent,            ILLEGAL),
            (Held, E::RefundCompleted,       ILLEGAL),
            (Held, E::DisputeRefund,         ILLEGAL),
            (Held, E::CancelRequested,       ILLEGAL),
            (Held, E::CancelRequestAccepted, ILLEGAL),
            (Held, E::CancelRequestDeclined, ILLEGAL),
            (Held, E::CancelRequestLapsed,   ILLEGAL),
            (Held, MOVE,            ILLEGAL),
            (Held, MOVE_LATE,       ILLEGAL),
            (Held, E::DeclineReschedule, ILLEGAL),
            (Held, E::AskPerformer,      ILLEGAL),
            (Held, E::PerformerAccepted, ILLEGAL),
            (Held, E::PerformerDeclined, ILLEGAL),
            // ── awaiting_payment ──────────────────────────────────────────────────────────
            (AwaitingPayment, E::Hold,               ILLEGAL),
            (AwaitingPayment, E::InvoiceSent,        ILLEGAL),
            (AwaitingPayment, E::HoldExpired,        To(Expired, &[FreeSlot, NotifyUser])),
            (AwaitingPayment, cancel(USER, true),    To(Cancelled, &[FreeSlot])),
            (AwaitingPayment, cancel(USER, false),   To(Cancelled, &[FreeSlot])),
            (AwaitingPayment, cancel(PERF, true),    To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPayment, cancel(PERF, false),   To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPayment, cancel(ADMIN, true),   To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPayment, cancel(ADMIN, false),  To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPayment, cancel(SYS, true),     To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPayment, cancel(SYS, false),    To(Cancelled, &[FreeSlot, NotifyUser])),
            (AwaitingPayment, E::PaymentReceived,    To(Confirmed, PAID)),
            (AwaitingPayment, LATE_FREE,             ILLEGAL),
            (AwaitingPayment, LATE_TAKEN,            ILLEGAL),
            (AwaitingPayment, E::MeetingStarted,     ILLEGAL),
            (AwaitingPayment, E::MeetingEnded,       ILLEGAL),
            (AwaitingPayment, E::ScheduledEndPassed, ILLEGAL),
            (AwaitingPayment, E::PerformerAbsent,    ILLEGAL),
            (AwaitingPayment, E::UserAbsent,         ILLEGAL),
            (AwaitingPayment, E::RefundCompleted,    ILLEGAL),
            (AwaitingPayment, E::DisputeRefund,      ILLEGAL),
            (AwaitingPayment, E::CancelRequested,    ILLEGAL),
            (AwaitingPayment, E::CancelRequestAccepted, ILLEGAL),
            (AwaitingPayment, E::CancelRequestDeclined, ILLEGAL),
            (AwaitingPayment, E::CancelRequestLapsed, ILLEGAL),
            (AwaitingPayment, MOVE,            ILLEGAL),
            (AwaitingPayment, MOVE_LATE,       ILLEGAL),
            (AwaitingPayment, E::DeclineReschedule, ILLEGAL),
            (AwaitingPayment, E::AskPerformer,      ILLEGAL),
            (AwaitingPayment, E::PerformerAccepted, ILLEGAL),
            (AwaitingPayment, E::PerformerDeclined, ILLEGAL),
            // ── confirmed ─────────────────────────────────────────────────────────────────
            (Confirmed, E::Hold,                ILLEGAL),
            (Confirmed, E::InvoiceSent,         ILLEGAL),
            (Confirmed, E::HoldExpired,         ILLEGAL),
            (Confirmed, cancel(USER, true),     To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyPerformer])),
            (Confirmed, cancel(USER, false),    TooLate),
            (Confirmed, cancel(PERF, true),     To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyUser, NotifyAdmins])),
            (Confirmed, cancel(PERF, false),    To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyUser, NotifyAdmins])),
            (Confirmed, cancel(ADMIN, true),    To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyUser, NotifyPerformer])),
            (Confirmed, cancel(ADMIN, false),   To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyUser, NotifyPerformer])),
            (Confirmed, cancel(SYS, true),      To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyUser, NotifyPerformer])),
            (Confirmed, cancel(SYS, false),     To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyUser, NotifyPerformer])),
            (Confirmed, E::PaymentReceived,     To(Confirmed, RETURNED)),
            (Confirmed, LATE_FREE,              ILLEGAL),
            (Confirmed, LATE_TAKEN,             ILLEGAL),
            (Confirmed, E::MeetingStarted,      To(InProgress, &[])),
            (Confirmed, E::MeetingEnded,        ILLEGAL),
            (Confirmed, E::ScheduledEndPassed,  To(Completed, ENDED)),
            (Confirmed, E::PerformerAbsent,     To(NoShow, &[Refund, FreeSlot, DeleteRoom, NotifyUser, NotifyPerformer, NotifyAdmins])),
            (Confirmed, E::UserAbsent,          To(NoShow, &[FreeSlot, DeleteRoom, NotifyUser, NotifyPerformer])),
            (Confirmed, E::RefundCompleted,     ILLEGAL),
            (Confirmed, E::DisputeRefund,       ILLEGAL),
            (Confirmed, E::CancelRequested,     To(Confirmed, &[NotifyPerformer])),
            (Confirmed, E::CancelRequestAccepted, To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyUser])),
            (Confirmed, E::CancelRequestDeclined, To(Confirmed, &[NotifyUser])),
            (Confirmed, E::CancelRequestLapsed, To(Confirmed, &[NotifyUser, NotifyPerformer])),
            (Confirmed, MOVE,            To(Confirmed, &[MoveMeeting])),
            (Confirmed, MOVE_LATE,       MoveTooLate),
            (Confirmed, E::DeclineReschedule, To(Cancelled, &[Refund, FreeSlot, DeleteRoom, NotifyPerformer])),
            (Confirmed, E::AskPerformer,      ILLEGAL),
            (Confirmed, E::PerformerAccepted, ILLEGAL),
            (Confirmed, E::PerformerDeclined, ILLEGAL),
            // ── in_progress ───────────────────────────────────────────────────────────────
            (InProgress, E::Hold,               ILLEGAL),
            (InProgress, E::InvoiceSent,        ILLEGAL),
            (InProgress, E::HoldExpired,        ILLEGAL),
            (InProgress, cancel(USER, true),    ILLEGAL),
            (InProgress, cancel(USER, false),   ILLEGAL),
            (InProgress, cancel(PERF, true),    ILLEGAL),
            (InProgress, cancel(PERF, false),   ILLEGAL),
            (InProgress, cancel(ADMIN, true),   ILLEGAL),
            (InProgress, cancel(ADMIN, false),  ILLEGAL),
            (InProgress, cancel(SYS, true),     ILLEGAL),
            (InProgress, cancel(SYS, false),    ILLEGAL),
            (InProgress, E::PaymentReceived,    To(InProgress, RETURNED)),
            (InProgress, LATE_FREE,             ILLEGAL),
            (InProgress, LATE_TAKEN,            ILLEGAL),
            (InProgress, E::MeetingStarted,     ILLEGAL),
            (InProgress, E::MeetingEnded,       To(Completed, ENDED)),
            (InProgress, E::ScheduledEndPassed, To(Completed, ENDED)),
            (InProgress, E::PerformerAbsent,    To(NoShow, &[Refund, FreeSlot, DeleteRoom, NotifyUser, NotifyPerformer, NotifyAdmins])),
            (InProgress, E::UserAbsent,         To(NoShow, &[FreeSlot, DeleteRoom, NotifyUser, NotifyPerformer])),
            (InProgress, E::RefundCompleted,    ILLEGAL),
            (InProgress, E::DisputeRefund,      ILLEGAL),
            (InProgress, E::CancelRequested,    ILLEGAL),
            (InProgress, E::CancelRequestAccepted, ILLEGAL),
            (InProgress, E::CancelRequestDeclined, ILLEGAL),
            (InProgress, E::CancelRequestLapsed, To(InProgress, &[NotifyUser, NotifyPerformer])),
            (InProgress, MOVE,            ILLEGAL),
            (InProgress, MOVE_LATE,       ILLEGAL),
            (InProgress, E::DeclineReschedule, ILLEGAL),
            (InProgress, E::AskPerformer,      ILLEGAL),
            (InProgress, E::PerformerAccepted, ILLEGAL),
            (InProgress, E::PerformerDeclined, ILLEGAL),
            // ── completed (terminal) ──────────────────────────────────────────────────────
            (Completed, E::Hold,                TERMINAL),
            (Completed, E::InvoiceSent,         TERMINAL),
            (Completed, E::HoldExpired,         TERMINAL),
            (Completed, cancel(USER, true),     TERMINAL),
            (Completed, cancel(USER, false),    TERMINAL),
            (Completed, cancel(PERF, true),     TERMINAL),
            (Completed, cancel(PERF, false),    TERMINAL),
            (Completed, cancel(ADMIN, true),    TERMINAL),
            (Completed, cancel(ADMIN, false),   TERMINAL),
            (Completed, cancel(SYS, true),      TERMINAL),
            (Completed, cancel(SYS, false),     TERMINAL),
            (Completed, E::PaymentReceived,     To(Completed, RETURNED)),
            (Completed, LATE_FREE,              TERMINAL),
            (Completed, LATE_TAKEN,             TERMINAL),
            (Completed, E::MeetingStarted,      TERMINAL),
            (Completed, E::MeetingEnded,        TERMINAL),
            (Completed, E::ScheduledEndPassed,  TERMINAL),
            (Completed, E::PerformerAbsent,     TERMINAL),
            (Completed, E::UserAbsent,          TERMINAL),
            (Completed, E::RefundCompleted,     TERMINAL),
            (Completed, E::DisputeRefund,       To(Refunded, &[Refund])),
            (Completed, E::CancelRequested,     TERMINAL),
            (Completed, E::CancelRequestAccepted, TERMINAL),
            (Completed, E::CancelRequestDeclined, TERMINAL),
            (Completed, E::CancelRequestLapsed, TERMINAL),
            (Completed, MOVE,            TERMINAL),
            (Completed, MOVE_LATE,       TERMINAL),
            (Completed, E::DeclineReschedule, TERMINAL),
            (Completed, E::AskPerformer,      TERMINAL),
            (Completed, E::PerformerAccepted, TERMINAL),
            (Completed, E::PerformerDeclined, TERMINAL),
            // ── cancelled (terminal; refund may be pending) ───────────────────────────────
            (Cancelled, E::Hold,                TERMINAL),
            (Cancelled, E::InvoiceSent,         TERMINAL),
            (Cancelled, E::HoldExpired,         TERMINAL),
            (Cancelled, cancel(USER, true),     TERMINAL),
            (Cancelled, cancel(USER, false),    TERMINAL),
            (Cancelled, cancel(PERF, true),     TERMINAL),
            (Cancelled, cancel(PERF, false),    TERMINAL),
            (Cancelled, cancel(ADMIN, true),    TERMINAL),
            (Cancelled, cancel(ADMIN, false),   TERMINAL),
            (Cancelled, cancel(SYS, true),      TERMINAL),
            (Cancelled, cancel(SYS, false),     TERMINAL),
            (Cancelled, E::PaymentReceived,     To(Cancelled, RETURNED)),
            (Cancelled, LATE_FREE,              TERMINAL),
            (Cancelled, LATE_TAKEN,             TERMINAL),
            (Cancelled, E::MeetingStarted,      TERMINAL),
            (Cancelled, E::MeetingEnded,        TERMINAL),
            (Cancelled, E::ScheduledEndPassed,  TERMINAL),
            (Cancelled, E::PerformerAbsent,     TERMINAL),
            (Cancelled, E::UserAbsent,          TERMINAL),
            (Cancelled, E::RefundCompleted,     To(Refunded, &[NotifyUser])),
            (Cancelled, E::DisputeRefund,       TERMINAL),
            (Cancelled, E::CancelRequested,     TERMINAL),
            (Cancelled, E::CancelRequestAccepted, TERMINAL),
            (Cancelled, E::CancelRequestDeclined, TERMINAL),
            (Cancelled, E::CancelRequestLapsed, TERMINAL),
            (Cancelled, MOVE,            TERMINAL),
            (Cancelled, MOVE_LATE,       TERMINAL),
            (Cancelled, E::DeclineReschedule, TERMINAL),
            (Cancelled, E::AskPerformer,      TERMINAL),
            (Cancelled, E::PerformerAccepted, TERMINAL),
            (Cancelled, E::PerformerDeclined, TERMINAL),
            // ── expired (terminal; a late payment may revive or refund it) ────────────────
            (Expired, E::Hold,                  TERMINAL),
            (Expired, E::InvoiceSent,           TERMINAL),
            (Expired, E::HoldExpired,           TERMINAL),
            (Expired, cancel(USER, true),       TERMINAL),
            (Expired, cancel(USER, false),      TERMINAL),
            (Expired, cancel(PERF, true),       TERMINAL),
            (Expired, cancel(PERF, false),      TERMINAL),
            (Expired, cancel(ADMIN, true),      TERMINAL),
            (Expired, cancel(ADMIN, false),     TERMINAL),
            (Expired, cancel(SYS, true),        TERMINAL),
            (Expired, cancel(SYS, false),       TERMINAL),
            (Expired, E::PaymentReceived,       NeedsSlotCheck),
            (Expired, LATE_FREE,                To(Confirmed, PAID)),
            (Expired, LATE_TAKEN,               To(Refunded, &[Refund, NotifyUser])),
            (Expired, E::MeetingStarted,        TERMINAL),
            (Expired, E::MeetingEnded,          TERMINAL),
            (Expired, E::ScheduledEndPassed,    TERMINAL),
            (Expired, E::PerformerAbsent,       TERMINAL),
            (Expired, E::UserAbsent,            TERMINAL),
            (Expired, E::RefundCompleted,       TERMINAL),
            (Expired, E::DisputeRefund,         TERMINAL),
            (Expired, E::CancelRequested,       TERMINAL),
            (Expired, E::CancelRequestAccepted, TERMINAL),
            (Expired, E::CancelRequestDeclined, TERMINAL),
            (Expired, E::CancelRequestLapsed,   TERMINAL),
            (Expired, MOVE,            TERMINAL),
            (Expired, MOVE_LATE,       TERMINAL),
            (Expired, E::DeclineReschedule, TERMINAL),
            (Expired, E::AskPerformer,      TERMINAL),
            (Expired, E::PerformerAccepted, TERMINAL),
            (Expired, E::PerformerDeclined, TERMINAL),
            // ── refunded (terminal) ───────────────────────────────────────────────────────
            (Refunded, E::Hold,                 TERMINAL),
            (Refunded, E::InvoiceSent,          TERMINAL),
            (Refunded, E::HoldExpired,          TERMINAL),
            (Refunded, cancel(USER, true),      TERMINAL),
            (Refunded, cancel(USER, false),     TERMINAL),
            (Refunded, cancel(PERF, true),      TERMINAL),
            (Refunded, cancel(PERF, false),     TERMINAL),
            (Refunded, cancel(ADMIN, true),     TERMINAL),
            (Refunded, cancel(ADMIN, false),    TERMINAL),
            (Refunded, cancel(SYS, true),       TERMINAL),
            (Refunded, cancel(SYS, false),      TERMINAL),
            (Refunded, E::PaymentReceived,      To(Refunded, RETURNED)),
            (Refunded, LATE_FREE,               TERMINAL),
            (Refunded, LATE_TAKEN,              TERMINAL),
            (Refunded, E::MeetingStarted,       TERMINAL),
            (Refunded, E::MeetingEnded,         TERMINAL),
            (Refunded, E::ScheduledEndPassed,   TERMINAL),
            (Refunded, E::PerformerAbsent,      TERMINAL),
            (Refunded, E::UserAbsent,           TERMINAL),
            (Refunded, E::RefundCompleted,      TERMINAL),
            (Refunded, E::DisputeRefund,        TERMINAL),
            (Refunded, E::CancelRequested,      TERMINAL),
            (Refunded, E::CancelRequestAccepted, TERMINAL),
            (Refunded, E::CancelRequestDeclined, TERMINAL),
            (Refunded, E::CancelRequestLapsed,  TERMINAL),
            (Refunded, MOVE,            TERMINAL),
            (Refunded, MOVE_LATE,       TERMINAL),
            (Refunded, E::DeclineReschedule, TERMINAL),
            (Refunded, E::AskPerformer,      TERMINAL),
            (Refunded, E::PerformerAccepted, TERMINAL),
            (Refunded, E::PerformerDeclined, TERMINAL),
            // ── no_show (terminal; refund pending if the performer was absent) ────────────
            (NoShow, E::Hold,                   TERMINAL),
            (NoShow, E::InvoiceSent,            TERMINAL),
            (NoShow, E::HoldExpired,            TERMINAL),
            (NoShow, cancel(USER, true),        TERMINAL),
            (NoShow, cancel(USER, false),       TERMINAL),
            (NoShow, cancel(PERF, true),        TERMINAL),
            (NoShow, cancel(PERF, false),       TERMINAL),
            (NoShow, cancel(ADMIN, true),       TERMINAL),
            (NoShow, cancel(ADMIN, false),      TERMINAL),
            (NoShow, cancel(SYS, true),         TERMINAL),
            (NoShow, cancel(SYS, false),        TERMINAL),
            (NoShow, E::PaymentReceived,        To(NoShow, RETURNED)),
            (NoShow, LATE_FREE,                 TERMINAL),
            (NoShow, LATE_TAKEN,                TERMINAL),
            (NoShow, E::MeetingStarted,         TERMINAL),
            (NoShow, E::MeetingEnded,           TERMINAL),
            (NoShow, E::ScheduledEndPassed,     TERMINAL),
            (NoShow, E::PerformerAbsent,        TERMINAL),
            (NoShow, E::UserAbsent,             TERMINAL),
            (NoShow, E::RefundCompleted,        To(Refunded, &[NotifyUser])),
            (NoShow, E::DisputeRefund,          TERMINAL),
            (NoShow, E::CancelRequested,        TERMINAL),
            (NoShow, E::CancelRequestAccepted,  TERMINAL),
            (NoShow, E::CancelRequestDeclined,  TERMINAL),
            (NoShow, E::CancelRequestLapsed,    TERMINAL),
            (NoShow, MOVE,            TERMINAL),
            (NoShow, MOVE_LATE,       TERMINAL),
            (NoShow, E::DeclineReschedule, TERMINAL),
            (NoShow, E::AskPerformer,      TERMINAL),
            (NoShow, E::PerformerAccepted, TERMINAL),
            (NoShow, E::PerformerDeclined, TERMINAL),
        ]
    }

    fn outcome(state: BookingStatus, event: &BookingEvent) -> Want {
        match transition(state, event) {
            Ok((next, effects)) => {
                // Leak: `Want::To` holds a 'static slice so the table can be written as literals.
                To(next, Box::leak(effects.into_boxed_slice()))
            }
            Err(TransitionError::Illegal { from, event: name }) => {
                assert_eq!((from, name), (state, event.name()));
                ILLEGAL
            }
            Err(TransitionError::AlreadyTerminal {
                state: s,
                event: name,
            }) => {
                assert_eq!((s, name), (state, event.name()));
                TERMINAL
            }
            Err(TransitionError::CancelTooLate) => TooLate,
            Err(TransitionError::RescheduleTooLate) => MoveTooLate,
            Err(TransitionError::LatePaymentNeedsSlotCheck) => NeedsSlotCheck,
        }
    }

    #[test]
    fn the_table_covers_every_status_and_event_exactly_once() {
        let table = table();
        let events = all_events();
        assert_eq!(table.len(), BookingStatus::ALL.len() * events.len());
        for state in BookingStatus::ALL {
            for event in &events {
                let rows = table.iter().filter(|(s, e, _)| *s == state && e == event).count();
                assert_eq!(rows, 1, "{state} × {event:?}");
            }
        }
    }

    #[test]
    fn every_status_and_event_behaves_as_the_table_says() {
        for (state, event, want) in table() {
            assert_eq!(outcome(state, &event), want, "{state} × {event:?}");
        }
    }

    #[test]
    fn terminal_errors_are_used_exactly_for_terminal_statuses() {
        for (state, event, want) in table() {
            match want {
                ILLEGAL => assert!(!state.is_terminal(), "{state} × {event:?}"),
                TERMINAL => assert!(state.is_terminal(), "{state} × {event:?}"),
                _ => {}
            }
        }
    }

    #[test]
    fn status_names_round_trip_through_str_and_json() {
        let names = [
            "draft",
            "awaiting_performer",
            "held",
            "awaiting_payment",
            "confirmed",
            "in_progress",
            "completed",
            "cancelled",
            "expired",
            "refunded",
            "no_show",
        ];
        for (status, name) in BookingStatus::ALL.into_iter().zip(names) {
            assert_eq!(status.as_str(), name);
            assert_eq!(status.to_string(), name);
            assert_eq!(name.parse::<BookingStatus>(), Ok(status));
            assert_eq!(serde_json::to_string(&status).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<BookingStatus>(&format!("\"{name}\"")).unwrap(),
                status
            );
        }
        assert_eq!(
            "Draft".parse::<BookingStatus>(),
            Err(UnknownName {
                kind: "booking status",
                value: "Draft".into()
            })
        );
        for actor in Actor::ALL {
            assert_eq!(actor.as_str().parse::<Actor>(), Ok(actor));
        }
    }

    #[test]
    fn exactly_the_five_live_statuses_occupy_a_slot() {
        let occupying: Vec<_> = BookingStatus::ALL
            .into_iter()
            .filter(|s| s.occupies_slot())
            .collect();
        assert_eq!(
            occupying,
            [AwaitingPerformer, Held, AwaitingPayment, Confirmed, InProgress]
        );
        for s in BookingStatus::ALL {
            assert!(!(s.occupies_slot() && s.is_terminal()), "{s}");
        }
    }

    #[test]
    fn event_names_are_distinct_snake_case() {
        let mut names: Vec<_> = all_events().iter().map(BookingEvent::name).collect();
        names.dedup();
        assert_eq!(names.len(), 22);
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    }

    fn any_event() -> impl Strategy<Value = BookingEvent> {
        prop::sample::select(all_events())
    }

    /// The only ways a terminal booking may move (see `BookingStatus::is_terminal`).
    fn allowed_terminal_exit(from: BookingStatus, to: BookingStatus, effects: &[Effect]) -> bool {
        matches!(
            (from, to),
            (Cancelled | NoShow | Completed, Refunded) | (Expired, Confirmed | Refunded)
        ) || (from == to && effects == RETURNED)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn random_event_sequences_keep_the_money_and_slot_rules(
            events in prop::collection::vec(any_event(), 0..40)
        ) {
            let mut state = Draft;
            let mut payments = 0;
            let mut refunds = 0;
            let mut links = 0;
            for event in &events {
                let result = transition(state, event);
                let Ok((next, effects)) = result else {
                    continue;
                };
                let count = |fx: Effect| effects.iter().filter(|&&e| e == fx).count();

                if state.is_terminal() {
                    prop_assert!(
                        allowed_terminal_exit(state, next, &effects),
                        "{state} --{}--> {next}", event.name()
                    );
                }
                prop_assert!(next != Draft || state == Draft, "nothing returns to draft");
                if matches!(event, E::Reschedule { .. }) {
                    prop_assert_eq!((state, next), (Confirmed, Confirmed), "a move keeps the booking confirmed");
                    prop_assert_eq!(effects.as_slice(), &[MoveMeeting], "and frees, refunds, issues nothing else");
                }

                if matches!(event, E::PaymentReceived | E::LatePayment { .. }) {
                    payments += 1;
                }
                refunds += count(Refund);
                prop_assert!(refunds <= payments, "refund without a payment: {events:?}");

                prop_assert_eq!(
                    count(FreeSlot) == 1,
                    state.occupies_slot() && !next.occupies_slot(),
                    "FreeSlot exactly when the slot is released: {} -> {}", state, next
                );
                prop_assert_eq!(
                    count(IssueMeetingLink) == 1,
                    next == Confirmed && state != Confirmed
                );
                links += count(IssueMeetingLink);
                prop_assert!(links <= 1, "a booking is confirmed at most once");
                if count(DeleteRoom) > 0 {
                    prop_assert!(links == 1, "a room is only deleted after a link was issued");
                }
                prop_assert!(
                    effects.iter().all(|e| effects.iter().filter(|x| *x == e).count() == 1),
                    "no duplicate effects"
                );
                state = next;
            }
        }

        #[test]
        fn a_user_can_never_get_a_refund_after_the_cutoff(prefix in prop::collection::vec(any_event(), 0..20)) {
            let mut state = Draft;
            for event in &prefix {
                if let Ok((next, _)) = transition(state, event) {
                    state = next;
                }
            }
            let late = transition(state, &cancel(USER, false));
            if let Ok((_, effects)) = late {
                prop_assert!(!effects.contains(&Refund));
            }
            prop_assert_eq!(
                transition(state, &E::UserAbsent).map(|(_, fx)| fx.contains(&Refund)).unwrap_or(false),
                false
            );
        }
    }
}
