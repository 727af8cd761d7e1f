//! The routes, one module per resource, and the shapes they answer.

pub mod auth;
pub mod insights;
pub mod matches;
pub mod me;
pub mod postings;
pub mod projects;
pub mod sources;
pub mod system;
pub mod tasks;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use vaga_storage::User;

/// A user as the API shows it (never the password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserOut {
    /// Id.
    pub id: Uuid,
    /// Email (the login).
    pub email: String,
    /// Display name.
    pub name: String,
    /// `user` or `admin`.
    pub role: String,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserOut {
    fn from(u: User) -> Self {
        UserOut {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role.as_str().to_owned(),
            disabled: u.disabled,
            created_at: u.created_at,
        }
    }
}

/// A list with a cursor to the next page.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    /// The items.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A task was queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskRef {
    /// Poll `GET /api/v1/tasks/{id}` for its state and progress.
    pub task_id: Uuid,
}
