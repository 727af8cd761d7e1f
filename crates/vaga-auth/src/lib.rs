//! Security primitives of the Vaga service: everything the HTTP layer needs to register, log in,
//! refresh and protect sessions, as pure functions and small values.
//!
//! - [`password`]: the password policy (length, zxcvbn guessability with the user's own email and
//!   name as hints) and argon2id hashing in PHC strings.
//! - [`token`]: short-lived HS256 access tokens (JWT) with pinned algorithm, issuer and audience.
//! - [`refresh`]: opaque refresh tokens, their SHA-256 storage hash, families, and the rotation
//!   decision (rotate, reuse = theft, expired, revoked).
//! - [`throttle`]: login throttling by (account, client ip) with exponential backoff.
//! - [`csrf`]: double-submit CSRF tokens bound to the session by HMAC.
//! - [`secret`]: values that never print (passwords, keys).
//!
//! No IO, no clock and no global randomness: the time is always a parameter, and randomness comes
//! from a [`rand_core::CryptoRng`] passed in (in production `rand_core::OsRng`).

pub mod csrf;
pub mod password;
pub mod refresh;
pub mod secret;
pub mod throttle;
pub mod token;

pub use csrf::{CsrfKey, CsrfToken};
pub use password::{PasswordHasher, PasswordPolicy, PolicyViolation, needs_rehash, verify};
pub use refresh::{RefreshDecision, RefreshRecord, RefreshToken, decide};
pub use secret::{KeyError, Password, SecretKey};
pub use throttle::{LoginThrottle, ThrottleConfig, ThrottleDecision};
pub use token::{AccessClaims, Role, TokenError, TokenIssuer};

/// Re-exported so callers can pass the system RNG without naming the crate themselves.
pub use rand_core::OsRng;

/// Base64url without padding, the encoding of every random value this crate hands out.
pub(crate) fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
