//! Values that must never reach a log: passwords and server keys.
//!
//! [`Password`] is the `secrecy` crate's [`secrecy::SecretString`] (its `Debug`
//! prints `[REDACTED]`, it has no `Display`, and the memory is zeroed on drop). [`SecretKey`] holds
//! the bytes of a server key (JWT signing, CSRF HMAC) with the same guarantees and a minimum
//! length.

use std::fmt;

use secrecy::{ExposeSecret, SecretSlice, SecretString};

/// A password as typed by a user: never printed (`Debug` shows `[REDACTED]`), zeroed on drop.
/// Build one with `Password::from(String)`; read it with [`ExposeSecret::expose_secret`].
pub type Password = SecretString;

/// The shortest server key accepted, in bytes (256 bits, the size of an HMAC-SHA-256 block's
/// useful key strength).
pub const MIN_KEY_BYTES: usize = 32;

/// Why a key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The key is shorter than [`MIN_KEY_BYTES`].
    #[error("key too short: {len} bytes, at least {min} needed")]
    TooShort {
        /// Length given, in bytes.
        len: usize,
        /// Minimum length, in bytes.
        min: usize,
    },
}

/// A server secret of at least [`MIN_KEY_BYTES`] bytes. `Debug` and `Display` print
/// `[redacted]`; the bytes are zeroed on drop.
#[derive(Clone)]
pub struct SecretKey(SecretSlice<u8>);

impl SecretKey {
    /// Takes the key bytes (e.g. decoded from configuration); refuses keys shorter than
    /// [`MIN_KEY_BYTES`].
    pub fn new(bytes: Vec<u8>) -> Result<Self, KeyError> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(KeyError::TooShort {
                len: bytes.len(),
                min: MIN_KEY_BYTES,
            });
        }
        Ok(Self(SecretSlice::from(bytes)))
    }

    /// A fresh random key of 32 bytes.
    pub fn generate<R: rand_core::RngCore + rand_core::CryptoRng>(rng: &mut R) -> Self {
        let mut bytes = vec![0u8; MIN_KEY_BYTES];
        rng.fill_bytes(&mut bytes);
        Self(SecretSlice::from(bytes))
    }

    /// The key bytes. Keep the borrow short and never log it.
    pub fn expose(&self) -> &[u8] {
        self.0.expose_secret()
    }

    /// A sub-key for one purpose, HMAC-SHA-256(key, `label`): one configured secret yields
    /// independent keys for tokens and CSRF, and knowing one sub-key reveals nothing of another.
    pub fn derive(&self, label: &str) -> SecretKey {
        use hmac::{Hmac, Mac};
        // Any key length is valid for HMAC, so `new_from_slice` cannot fail here.
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(self.expose())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(label.as_bytes());
        Self(SecretSlice::from(mac.finalize().into_bytes().to_vec()))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_keys_differ_by_label_and_from_the_key() {
        let key = SecretKey::new(vec![7u8; 32]).expect("32 bytes");
        let a = key.derive("a");
        let b = key.derive("b");
        assert_eq!(a.expose().len(), 32);
        assert_ne!(a.expose(), b.expose());
        assert_ne!(a.expose(), key.expose());
        assert_eq!(a.expose(), key.derive("a").expose());
    }
}
