//! Typed storage errors. No variant carries a connection string: messages are built from
//! driver errors that never contain the URL, and [`crate::Store::open`] scrubs the password from
//! whatever it reports.

use thiserror::Error;

/// What went wrong in a storage call.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The row does not exist, or it belongs to another user (never told apart, so that an id
    /// guessed by someone else leaks nothing), or a referenced row is missing.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule or a state rule refused the write: the e-mail is taken, the source
    /// name exists, the task is not held by this worker, …; the text names the rule.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The caller passed something the store cannot accept (an unknown URL scheme, a value
    /// out of range).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// Any other database failure (connection, I/O, migration, decoding).
    #[error("database error: {0}")]
    Database(String),
}

/// Result of a storage call.
pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) => {
                if db.is_unique_violation() {
                    StoreError::Conflict(db.constraint().unwrap_or("unique value").to_owned())
                } else if db.is_foreign_key_violation() {
                    StoreError::NotFound
                } else {
                    StoreError::Database(db.message().to_owned())
                }
            }
            other => StoreError::Database(other.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(format!("migration: {err}"))
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> Self {
        StoreError::Invalid(format!("json: {err}"))
    }
}
