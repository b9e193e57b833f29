//! What the service tells people outside an update's handling: the effects of booking transitions
//! (links, refunds, notices) and what the call worker and the video provider's webhooks bring
//! (reminders, no-shows, call ends).

pub mod calls;
pub mod fulfil;
pub mod reviews;
