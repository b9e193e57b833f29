//! Public meet.jit.si rooms: the zero-config default for local runs; the unguessable name is the only lock.
//!
//! No account, no token, no events: both sides get the same URL, nothing is deleted, and no-shows are never
//! claimed. meet.jit.si may ask the first person in a room to sign in before the call starts; use `daily`,
//! `jaas` or `jitsi` for real bookings.

use super::jitsi::JitsiDeployment;
use super::{Participant, RoomRequest, VideoError};

const BASE_URL: &str = "https://meet.jit.si";

/// The `meet` [`VideoProvider`](super::VideoProvider): the shared Jitsi rooms on meet.jit.si, with no token.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeetProvider;

impl JitsiDeployment for MeetProvider {
    const PROVIDER: &'static str = super::ProviderKind::Meet.as_str();

    fn room_url(&self, name: &str) -> String {
        format!("{BASE_URL}/{name}")
    }

    /// meet.jit.si checks no tokens: the link is the room URL, the same for both sides.
    fn token(
        &self,
        _room: &str,
        _who: &Participant,
        _req: &RoomRequest,
    ) -> Option<Result<String, VideoError>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use time::macros::datetime;
    use uuid::Uuid;

    use super::*;
    use crate::video::{Room, VideoProvider};

    fn booking() -> RoomRequest {
        RoomRequest {
            booking_id: Uuid::new_v4(),
            starts_at: datetime!(2030-01-01 12:00 UTC),
            ends_at: datetime!(2030-01-01 12:30 UTC),
        }
    }

    #[tokio::test]
    async fn every_booking_gets_its_own_unguessable_room_on_meet_jit_si() {
        let req = booking();
        let mut urls = HashSet::new();
        for _ in 0..200 {
            let room = MeetProvider.create_room(&req).await.unwrap();
            assert_eq!(room.provider, "meet");
            assert_eq!(room.url, format!("https://meet.jit.si/{}", room.name));
            assert!(!room.name.contains(&req.booking_id.simple().to_string()[..8]));
            assert!(urls.insert(room.url), "room URLs never repeat");
        }
    }

    #[tokio::test]
    async fn both_sides_get_the_room_url_and_nothing_is_deleted() {
        let req = booking();
        let room = MeetProvider.create_room(&req).await.unwrap();
        for is_performer in [true, false] {
            let who = Participant {
                id: "1".into(),
                name: "A".into(),
                is_performer,
            };
            assert_eq!(
                MeetProvider.participant_link(&room, &who, &req).await.unwrap(),
                room.url
            );
        }
        MeetProvider.delete_room(&room).await.unwrap();
    }

    #[tokio::test]
    async fn a_room_from_another_provider_is_opened_by_its_own_url() {
        // Nothing provider-specific is added, so a booking made before a switch to meet keeps its link.
        let jaas = Room {
            provider: "jaas".into(),
            name: "pnp-jaas".into(),
            url: "https://8x8.vc/vpaas-magic-cookie-x/pnp-jaas".into(),
        };
        let who = Participant {
            id: "2".into(),
            name: "B".into(),
            is_performer: false,
        };
        assert_eq!(
            MeetProvider
                .participant_link(&jaas, &who, &booking())
                .await
                .unwrap(),
            jaas.url
        );
    }
}
