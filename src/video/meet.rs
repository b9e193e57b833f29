//! Public meet.jit.si rooms: the zero-config default for local runs; the unguessable name is the only lock.
//!
//! No account, no token, no events: both sides get the same URL, nothing is deleted, and no-shows are never
//! claimed. meet.jit.si may ask the first person in a room to sign in before the call starts; use `daily`,
//! `jaas` or `jitsi` for real bookings.

use async_trait::async_trait;

use super::{new_room_name, Participant, Room, RoomRequest, VideoError, VideoProvider};

const PROVIDER: &str = super::ProviderKind::Meet.as_str();
const BASE_URL: &str = "https://meet.jit.si";

/// The `meet` [`VideoProvider`].
#[derive(Debug, Clone, Copy, Default)]
pub struct MeetProvider;

#[async_trait]
impl VideoProvider for MeetProvider {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn sends_events(&self) -> bool {
        false
    }

    async fn create_room(&self, _req: &RoomRequest) -> Result<Room, VideoError> {
        let name = new_room_name();
        Ok(Room {
            provider: PROVIDER.into(),
            url: format!("{BASE_URL}/{name}"),
            name,
        })
    }

    async fn participant_link(
        &self,
        room: &Room,
        _who: &Participant,
        _req: &RoomRequest,
    ) -> Result<String, VideoError> {
        // Any provider's plain room URL works here; only tokens would be provider-specific.
        Ok(room.url.clone())
    }

    async fn delete_room(&self, _room: &Room) -> Result<(), VideoError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use time::macros::datetime;
    use uuid::Uuid;

    use super::*;

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
}
