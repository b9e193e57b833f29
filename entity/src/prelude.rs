//! The entities under their table names, for `use entity::prelude::*`.

pub use super::availability_blocks::Entity as AvailabilityBlocks;
pub use super::availability_overrides::Entity as AvailabilityOverrides;
pub use super::availability_rules::Entity as AvailabilityRules;
pub use super::booking_events::Entity as BookingEvents;
pub use super::bookings::Entity as Bookings;
pub use super::broadcast_deliveries::Entity as BroadcastDeliveries;
pub use super::broadcasts::Entity as Broadcasts;
pub use super::call_participants::Entity as CallParticipants;
pub use super::chat_states::Entity as ChatStates;
pub use super::outbox::Entity as Outbox;
pub use super::payments::Entity as Payments;
pub use super::performer_profiles::Entity as PerformerProfiles;
pub use super::performer_rates::Entity as PerformerRates;
pub use super::processed_updates::Entity as ProcessedUpdates;
pub use super::processed_video_events::Entity as ProcessedVideoEvents;
pub use super::user_roles::Entity as UserRoles;
pub use super::users::Entity as Users;
