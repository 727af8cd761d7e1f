//! Access tokens: HS256 JWTs that live 15 minutes.
//!
//! Claims ([`AccessClaims`]): `sub` (user id), `role` (`user` or `admin`), `iat` and `exp` (Unix
//! seconds), `jti` (128 random bits, base64url), `iss` and `aud` (fixed per deployment). The
//! header is `{"alg":"HS256","typ":"JWT"}`.
//!
//! Verification ([`TokenIssuer::verify`]) accepts HS256 only (an `alg: none` or any other
//! algorithm is [`TokenError::Invalid`] before any key is used), checks the signature, `iss` and
//! `aud`, requires every claim, and compares `exp` with the `now` it is given, never with a clock
//! of its own. **Leeway**: none by default — a token is expired from the second `now >= exp`
//! (RFC 7519: "on or after"). [`TokenIssuer::with_leeway`] adds seconds for servers whose clocks
//! disagree; tokens then stay valid while `now < exp + leeway`. `iat` is not compared with `now`.
//! Tokens longer than [`MAX_TOKEN_BYTES`] are refused unread.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

use crate::secret::{KeyError, SecretKey};

/// Default lifetime of an access token: 15 minutes.
pub const DEFAULT_ACCESS_TTL_SECS: u64 = 15 * 60;
/// Longest token string verified; anything longer is [`TokenError::Invalid`].
pub const MAX_TOKEN_BYTES: usize = 4096;

/// What a user may do. Serialised as `"user"` or `"admin"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An ordinary account: its own rows only.
    User,
    /// Manages shared sources and users.
    Admin,
}

impl Role {
    /// `"user"` or `"admin"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = TokenError;

    /// Reads `"user"` or `"admin"` (as stored); anything else is [`TokenError::Invalid`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "user" => Ok(Self::User),
            "admin" => Ok(Self::Admin),
            _ => Err(TokenError::Invalid),
        }
    }
}

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessClaims {
    /// Subject: the user id.
    pub sub: String,
    /// The user's role when the token was issued.
    pub role: Role,
    /// Issued at, Unix seconds.
    pub iat: u64,
    /// Expires at, Unix seconds (the token is refused from this second on).
    pub exp: u64,
    /// Token id: 128 random bits, base64url without padding.
    pub jti: String,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
}

/// Why a token was refused (or could not be made).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Well-formed and correctly signed, but `now` is at or past `exp` (plus leeway): the
    /// client should refresh.
    #[error("token expired")]
    Expired,
    /// Anything else: malformed, tampered, signed with another key, another algorithm
    /// (including `none`), wrong issuer or audience, missing or unknown claims.
    #[error("token invalid")]
    Invalid,
    /// Signing failed (issuing only; not expected with HS256).
    #[error("token could not be signed: {0}")]
    Signing(String),
}

/// Issues and verifies access tokens with one HS256 key, issuer and audience.
pub struct TokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl_secs: u64,
    leeway_secs: u64,
}

impl std::fmt::Debug for TokenIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenIssuer")
            .field("key", &"[redacted]")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("ttl_secs", &self.ttl_secs)
            .field("leeway_secs", &self.leeway_secs)
            .finish()
    }
}

impl TokenIssuer {
    /// An issuer with this key (at least 32 bytes, enforced by [`SecretKey`]), issuer and
    /// audience names, a 15-minute lifetime and no leeway.
    pub fn new(key: &SecretKey, issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        // `exp` is checked here against the caller's `now`; jsonwebtoken would read the clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        Self {
            encoding: EncodingKey::from_secret(key.expose()),
            decoding: DecodingKey::from_secret(key.expose()),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            ttl_secs: DEFAULT_ACCESS_TTL_SECS,
            leeway_secs: 0,
        }
    }

    /// Like [`TokenIssuer::new`] from raw key bytes; keys shorter than 32 bytes are refused.
    pub fn from_secret(key: &[u8], issuer: &str, audience: &str) -> Result<Self, KeyError> {
        Ok(Self::new(&SecretKey::new(key.to_vec())?, issuer, audience))
    }

    /// Sets the lifetime of new tokens, in seconds.
    #[must_use]
    pub fn with_ttl(mut self, ttl_secs: u64) -> Self {
        self.ttl_secs = ttl_secs;
        self
    }

    /// Sets the leeway on `exp`, in seconds (0 by default).
    #[must_use]
    pub fn with_leeway(mut self, leeway_secs: u64) -> Self {
        self.leeway_secs = leeway_secs;
        self
    }

    /// Lifetime of new tokens, in seconds (the `expires_in` of a login answer).
    pub fn ttl_secs(&self) -> u64 {
        self.ttl_secs
    }

    /// Issues a token for `sub` with `role`, issued at `now` (Unix seconds), with a random `jti`
    /// from `rng`. Answers the compact JWT and its claims.
    pub fn issue<R: RngCore + CryptoRng>(
        &self,
        sub: &str,
        role: Role,
        now: u64,
        rng: &mut R,
    ) -> Result<(String, AccessClaims), TokenError> {
        let mut jti = [0u8; 16];
        rng.fill_bytes(&mut jti);
        let claims = AccessClaims {
            sub: sub.to_owned(),
            role,
            iat: now,
            exp: now.saturating_add(self.ttl_secs),
            jti: crate::b64(&jti),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| TokenError::Signing(e.to_string()))?;
        Ok((token, claims))
    }

    /// Verifies a compact JWT at `now` (Unix seconds): HS256 only, signature, issuer, audience,
    /// then `exp`. Never panics, whatever the input.
    pub fn verify(&self, token: &str, now: u64) -> Result<AccessClaims, TokenError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(TokenError::Invalid);
        }
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| TokenError::Invalid)?;
        if data.header.alg != Algorithm::HS256 {
            return Err(TokenError::Invalid);
        }
        let claims = data.claims;
        if now >= claims.exp.saturating_add(self.leeway_secs) {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}
