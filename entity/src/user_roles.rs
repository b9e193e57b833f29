//! Role grants (performer, admin) with their audit trail; a grant is active while `revoked_at` is null.

use sea_orm::entity::prelude::*;

stored_names! {
    /// A role that can be granted (superadmins come from the configuration, not from here).
    pub enum Role: "role", "String(StringLen::N(16))" {
        Performer = "performer",
        Admin = "admin",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_roles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub role: Role,
    /// `users.id` of the admin who granted it; `None` when granted from the command line.
    pub granted_by: Option<i64>,
    pub granted_at: TimeDateTimeWithTimeZone,
    pub revoked_by: Option<i64>,
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
