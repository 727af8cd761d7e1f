//! CSRF tokens for cookie-authenticated form posts: the signed double-submit pattern.
//!
//! A token is `nonce.mac`: 16 random bytes and `HMAC-SHA-256(key, "vaga-csrf-v1" ‖ len(session)
//! ‖ session ‖ nonce)`, both base64url without padding. The session id is the refresh-token
//! family id (or any id the cookie session has). The server sets the token in a cookie that
//! scripts may read (not HttpOnly, `SameSite=Strict`, `Secure`) and renders it in forms; a
//! state-changing request must send it back in the `X-CSRF-Token` header or a `csrf_token` form
//! field. [`CsrfKey::verify`] then checks that the submitted value equals the cookie (constant
//! time) and that its MAC binds it to this session (constant time, inside `hmac`): an attacker
//! who can plant a cookie still cannot make a token for the victim's session without the key.
//! Bearer-token requests need no CSRF token (browsers do not attach them by themselves).

use hmac::{Hmac, Mac};
use rand_core::{CryptoRng, RngCore};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::secret::SecretKey;

/// Longest token accepted by [`CsrfKey::verify`], in bytes.
pub const MAX_CSRF_TOKEN_BYTES: usize = 128;

const NONCE_BYTES: usize = 16;
const DOMAIN: &[u8] = b"vaga-csrf-v1";

/// A CSRF token as text (`nonce.mac`). Not secret from the user, but still not worth logging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfToken(pub String);

impl CsrfToken {
    /// The text, for a cookie and a form field.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The server key that signs CSRF tokens (at least 32 bytes; use a key of its own, not the JWT
/// key).
#[derive(Debug, Clone)]
pub struct CsrfKey(SecretKey);

impl CsrfKey {
    /// Wraps a key.
    pub fn new(key: SecretKey) -> Self {
        Self(key)
    }

    /// A new token for `session`, with a random nonce from `rng`.
    pub fn issue<R: RngCore + CryptoRng>(&self, session: &str, rng: &mut R) -> CsrfToken {
        let mut nonce = [0u8; NONCE_BYTES];
        rng.fill_bytes(&mut nonce);
        let mac = self.mac(session, &nonce).finalize().into_bytes();
        CsrfToken(format!("{}.{}", crate::b64(&nonce), crate::b64(&mac)))
    }

    /// Whether a request carrying `submitted` (header or form field) and `cookie` (the CSRF
    /// cookie) is allowed for `session`. False on any malformed, oversized or mismatched input.
    pub fn verify(&self, session: &str, submitted: &str, cookie: &str) -> bool {
        if submitted.len() > MAX_CSRF_TOKEN_BYTES || cookie.len() > MAX_CSRF_TOKEN_BYTES {
            return false;
        }
        let same: bool = submitted.as_bytes().ct_eq(cookie.as_bytes()).into();
        if !same {
            return false;
        }
        let Some((nonce, mac)) = submitted.split_once('.') else {
            return false;
        };
        let (Some(nonce), Some(mac)) = (unb64(nonce), unb64(mac)) else {
            return false;
        };
        if nonce.len() != NONCE_BYTES {
            return false;
        }
        self.mac(session, &nonce).verify_slice(&mac).is_ok()
    }

    fn mac(&self, session: &str, nonce: &[u8]) -> Hmac<Sha256> {
        // Any key length is valid for HMAC, so `new_from_slice` cannot fail here.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(DOMAIN);
        mac.update(&(session.len() as u64).to_be_bytes());
        mac.update(session.as_bytes());
        mac.update(nonce);
        mac
    }
}

fn unb64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()
}
