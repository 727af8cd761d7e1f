//! Refresh tokens: opaque, random, stored only as a hash, rotated on every use.
//!
//! A [`RefreshToken`] is 32 random bytes (256 bits) in base64url without padding (43
//! characters). The database keeps [`RefreshToken::hash`] (SHA-256, lowercase hex, 64
//! characters) and never the token: a leaked table cannot be replayed. Tokens of one login share
//! a **family** id ([`new_family_id`], 16 random bytes laid out as a UUID v4).
//!
//! Presenting a token looks up its hash and asks [`decide`]:
//! - [`RefreshDecision::Revoked`] — the family was revoked (logout, theft): refuse.
//! - [`RefreshDecision::Reuse`] — the token was already used once. Either the client or a thief
//!   holds a copy; since one of them already got the next token, **revoke the whole family** and
//!   refuse (the user logs in again).
//! - [`RefreshDecision::Expired`] — refuse.
//! - [`RefreshDecision::Rotate`] — mark this token used *with a conditional update*
//!   (`… SET used_at = now WHERE id = ? AND used_at IS NULL`); if that update changes no row
//!   another request used it first — treat it as `Reuse`. Then issue a new token in the same
//!   family and a new access token.
//!
//! The decision is a pure function of the stored record and `now`; the time and id types are the
//! storage layer's (any ordered time type works: `chrono::DateTime<Utc>`, Unix seconds, …).

use rand_core::{CryptoRng, RngCore};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Random bytes in a refresh token (256 bits).
pub const REFRESH_TOKEN_BYTES: usize = 32;
/// Characters of a refresh token as handed out (base64url of 32 bytes, no padding).
pub const REFRESH_TOKEN_CHARS: usize = 43;
/// Default lifetime of a refresh token: 30 days, in seconds. Each rotation issues a token with a
/// fresh lifetime; an idle session ends after this long.
pub const DEFAULT_REFRESH_TTL_SECS: u64 = 30 * 24 * 60 * 60;

/// An opaque refresh token. `Debug` prints `[REDACTED]`; read it with
/// [`RefreshToken::expose`] only to hand it to the client.
#[derive(Debug, Clone)]
pub struct RefreshToken(SecretString);

impl RefreshToken {
    /// A fresh token of [`REFRESH_TOKEN_BYTES`] random bytes from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let mut bytes = [0u8; REFRESH_TOKEN_BYTES];
        rng.fill_bytes(&mut bytes);
        Self(SecretString::from(crate::b64(&bytes)))
    }

    /// A token presented by a client, if it has the shape of one (43 base64url characters);
    /// anything else is refused before any lookup.
    pub fn parse(presented: &str) -> Option<Self> {
        let ok = presented.len() == REFRESH_TOKEN_CHARS
            && presented
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| Self(SecretString::from(presented.to_owned())))
    }

    /// The token text, to send to the client (JSON body or cookie). Never log it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The value to store and look up: SHA-256 of the token text, lowercase hex (64 characters).
    pub fn hash(&self) -> String {
        hash_token(self.expose())
    }
}

/// SHA-256 of a token's text in lowercase hex: what the database stores.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A new family id: 16 random bytes with the UUID version 4 and variant bits set, so that
/// `uuid::Uuid::from_bytes(id)` is a well-formed v4 UUID.
pub fn new_family_id<R: RngCore + CryptoRng>(rng: &mut R) -> [u8; 16] {
    let mut id = [0u8; 16];
    rng.fill_bytes(&mut id);
    id[6] = (id[6] & 0x0f) | 0x40;
    id[8] = (id[8] & 0x3f) | 0x80;
    id
}

/// What the store knows about a presented refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshRecord<Id, T> {
    /// The family (one login) the token belongs to.
    pub family: Id,
    /// The user the token was issued to.
    pub user: Id,
    /// When it stops being accepted.
    pub expires_at: T,
    /// When it was exchanged for a new one, if it was.
    pub used_at: Option<T>,
    /// When it (its family) was revoked, if it was.
    pub revoked_at: Option<T>,
}

/// What to do with a presented refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshDecision {
    /// Valid and unused: mark it used, issue a new one in the same family.
    Rotate,
    /// Already used: a copy is in someone else's hands. Revoke the whole family and refuse.
    Reuse,
    /// Past its expiry: refuse.
    Expired,
    /// Its family was revoked: refuse.
    Revoked,
}

impl RefreshDecision {
    /// Stable code for logs and the audit trail: `rotate`, `reuse`, `expired`, `revoked`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Rotate => "rotate",
            Self::Reuse => "reuse",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }
}

/// The rotation decision at `now`. Order: revoked, then reuse (a used token coming back is theft
/// even after it expired, because its successor may still be live), then expiry (a token is
/// expired from `now >= expires_at`), then rotate.
pub fn decide<Id, T: Ord>(record: &RefreshRecord<Id, T>, now: &T) -> RefreshDecision {
    if record.revoked_at.is_some() {
        RefreshDecision::Revoked
    } else if record.used_at.is_some() {
        RefreshDecision::Reuse
    } else if *now >= record.expires_at {
        RefreshDecision::Expired
    } else {
        RefreshDecision::Rotate
    }
}
