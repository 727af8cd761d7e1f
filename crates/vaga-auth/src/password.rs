//! Passwords: the policy a new password must meet, and argon2id hashing.
//!
//! **Policy** ([`PasswordPolicy::check`]): at least 10 characters (Unicode scalar values, so
//! `"ação"` is 4), at most 1024 bytes, and not guessable. Guessability is zxcvbn's estimate
//! (frequency lists of common passwords, English words, names and surnames, keyboard walks,
//! repeats, sequences, dates, l33t substitutions), with the user's email (and its local part and
//! domain) and name as extra words: a score below [`MIN_SCORE`] (3, "more than 10^8 guesses") is
//! refused. Each refusal is one [`PolicyViolation`] with a stable code for an API's 422 field
//! error.
//!
//! **Hashing** ([`PasswordHasher`]): argon2id, version 0x13, PHC string
//! (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), 16-byte random salt from the caller's RNG, 32-byte
//! output. Defaults: [`DEFAULT_M_COST_KIB`] KiB of memory, [`DEFAULT_T_COST`] passes, one lane —
//! see `docs/security.md` for the time measured on the development machine. Hashing and verifying
//! take tens of milliseconds of CPU: an async server runs them on a blocking thread.
//!
//! [`verify`] reads the parameters from the stored string, refuses anything that is not a
//! well-formed argon2id hash with bounded costs (no panic, no giant allocation from a corrupted
//! row), and compares in constant time inside argon2. [`needs_rehash`] says when a stored hash
//! was made with other parameters than the current ones, so that a successful login can store a
//! fresh hash.

use argon2::{Algorithm, Argon2, Params, PasswordHash, Version};
use rand_core::{CryptoRng, RngCore};
use secrecy::ExposeSecret;
use serde::Serialize;

use crate::secret::Password;

/// Fewest characters (Unicode scalar values) a password may have.
pub const MIN_CHARS: usize = 10;
/// Most bytes (UTF-8) a password may have; longer input is refused before any hashing.
pub const MAX_BYTES: usize = 1024;
/// Lowest zxcvbn score accepted (0–4; 3 means more than 10^8 guesses estimated).
pub const MIN_SCORE: u8 = 3;

/// Memory cost of new hashes, in KiB (argon2 `m`).
pub const DEFAULT_M_COST_KIB: u32 = 32 * 1024;
/// Passes over memory of new hashes (argon2 `t`).
pub const DEFAULT_T_COST: u32 = 2;
/// Lanes of new hashes (argon2 `p`).
pub const DEFAULT_P_COST: u32 = 1;

/// Largest memory cost [`verify`] accepts from a stored hash, in KiB (256 MiB).
pub const MAX_VERIFY_M_COST_KIB: u32 = 256 * 1024;
/// Largest number of passes [`verify`] accepts from a stored hash.
pub const MAX_VERIFY_T_COST: u32 = 16;
/// Largest number of lanes [`verify`] accepts from a stored hash.
pub const MAX_VERIFY_P_COST: u32 = 16;

const SALT_BYTES: usize = 16;

/// The default parameters, checked at compile time.
const DEFAULT_PARAMS: Params =
    match Params::new(DEFAULT_M_COST_KIB, DEFAULT_T_COST, DEFAULT_P_COST, None) {
        Ok(p) => p,
        Err(_) => panic!("invalid default argon2 parameters"),
    };

/// Why a password was refused. [`PolicyViolation::code`] is the stable machine-readable reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PolicyViolation {
    /// Fewer than the minimum number of characters.
    TooShort {
        /// The minimum, in characters.
        min_chars: usize,
    },
    /// More than the maximum number of bytes.
    TooLong {
        /// The maximum, in bytes.
        max_bytes: usize,
    },
    /// A common password, or one very close to a common password (zxcvbn's frequency lists).
    TooCommon,
    /// Guessable because it is built from the user's own email or name.
    ContainsPersonalInfo,
    /// Guessable for another reason (a word by itself, keyboard walk, repeats, sequence, date).
    TooGuessable,
}

impl PolicyViolation {
    /// Stable reason code: `too_short`, `too_long`, `too_common`, `contains_personal_info`,
    /// `too_guessable`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooShort { .. } => "too_short",
            Self::TooLong { .. } => "too_long",
            Self::TooCommon => "too_common",
            Self::ContainsPersonalInfo => "contains_personal_info",
            Self::TooGuessable => "too_guessable",
        }
    }

    /// An English sentence for the user.
    pub fn message(&self) -> String {
        match self {
            Self::TooShort { min_chars } => {
                format!("The password must have at least {min_chars} characters.")
            }
            Self::TooLong { max_bytes } => {
                format!("The password must have at most {max_bytes} bytes.")
            }
            Self::TooCommon => "This password is too common; choose another.".to_owned(),
            Self::ContainsPersonalInfo => {
                "The password is too close to your email or name.".to_owned()
            }
            Self::TooGuessable => {
                "The password is too easy to guess; a few unrelated words work well.".to_owned()
            }
        }
    }
}

impl std::fmt::Display for PolicyViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for PolicyViolation {}

/// The rules a new password must meet. [`Default`] is the house policy (10 characters, 1024
/// bytes, zxcvbn score 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Fewest characters.
    pub min_chars: usize,
    /// Most bytes.
    pub max_bytes: usize,
    /// Lowest zxcvbn score (0–4).
    pub min_score: u8,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_chars: MIN_CHARS,
            max_bytes: MAX_BYTES,
            min_score: MIN_SCORE,
        }
    }
}

impl PasswordPolicy {
    /// Checks a new password for the user with this email and name; the first rule broken is
    /// the answer. Length rules are checked first (and cheaply); zxcvbn looks at the first 100
    /// characters only.
    pub fn check(
        &self,
        password: &Password,
        email: &str,
        name: &str,
    ) -> Result<(), PolicyViolation> {
        let pw = password.expose_secret();
        if pw.len() > self.max_bytes {
            return Err(PolicyViolation::TooLong {
                max_bytes: self.max_bytes,
            });
        }
        if pw.chars().count() < self.min_chars {
            return Err(PolicyViolation::TooShort {
                min_chars: self.min_chars,
            });
        }
        let inputs = user_inputs(email, name);
        let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let with_user = zxcvbn::zxcvbn(pw, &inputs);
        if (with_user.score() as u8) >= self.min_score {
            return Ok(());
        }
        let without_user = zxcvbn::zxcvbn(pw, &[]);
        if (without_user.score() as u8) >= self.min_score {
            return Err(PolicyViolation::ContainsPersonalInfo);
        }
        use zxcvbn::feedback::Warning;
        let common = matches!(
            with_user.feedback().and_then(|f| f.warning()),
            Some(
                Warning::ThisIsATop10Password
                    | Warning::ThisIsATop100Password
                    | Warning::ThisIsACommonPassword
                    | Warning::ThisIsSimilarToACommonlyUsedPassword
            )
        );
        Err(if common {
            PolicyViolation::TooCommon
        } else {
            PolicyViolation::TooGuessable
        })
    }
}

/// Words from the email and name that a password should not be built from: the whole email, its
/// local part (also without its separators), the domain's labels, the whole name (also without
/// spaces) and each part of it; only words of at least 3 characters.
fn user_inputs(email: &str, name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim().to_lowercase();
        if s.chars().count() >= 3 && !out.contains(&s) {
            out.push(s);
        }
    };
    push(email);
    if let Some((local, domain)) = email.rsplit_once('@') {
        push(local);
        push(&local.replace(|c: char| !c.is_alphanumeric(), ""));
        for part in local.split(|c: char| !c.is_alphanumeric()) {
            push(part);
        }
        for label in domain.split('.') {
            push(label);
        }
    }
    push(name);
    push(&name.replace(|c: char| !c.is_alphanumeric(), ""));
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        push(part);
    }
    out.truncate(32);
    out
}

/// Why hashing failed (bad parameters; never a wrong password).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("argon2: {0}")]
pub struct HashError(String);

/// Hashes passwords with argon2id at fixed parameters.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    params: Params,
}

impl Default for PasswordHasher {
    /// The house parameters: [`DEFAULT_M_COST_KIB`], [`DEFAULT_T_COST`], [`DEFAULT_P_COST`].
    fn default() -> Self {
        Self {
            params: DEFAULT_PARAMS,
        }
    }
}

impl PasswordHasher {
    /// A hasher with these costs (memory in KiB, passes, lanes). Costs beyond the bounds that
    /// [`verify`] accepts are refused, so every hash made here can be verified.
    pub fn new(m_cost_kib: u32, t_cost: u32, p_cost: u32) -> Result<Self, HashError> {
        if m_cost_kib > MAX_VERIFY_M_COST_KIB
            || t_cost > MAX_VERIFY_T_COST
            || p_cost > MAX_VERIFY_P_COST
        {
            return Err(HashError("costs above the verification bounds".to_owned()));
        }
        let params =
            Params::new(m_cost_kib, t_cost, p_cost, None).map_err(|e| HashError(e.to_string()))?;
        Ok(Self { params })
    }

    /// Memory cost in KiB, passes and lanes.
    pub fn costs(&self) -> (u32, u32, u32) {
        (
            self.params.m_cost(),
            self.params.t_cost(),
            self.params.p_cost(),
        )
    }

    /// Hashes a password into a PHC string with a fresh 16-byte salt from `rng`. Fails only on
    /// a password over [`MAX_BYTES`] (check the policy first) or an internal argon2 error.
    pub fn hash<R: RngCore + CryptoRng>(
        &self,
        password: &Password,
        rng: &mut R,
    ) -> Result<String, HashError> {
        let pw = password.expose_secret().as_bytes();
        if pw.len() > MAX_BYTES {
            return Err(HashError("password too long".to_owned()));
        }
        let mut salt = [0u8; SALT_BYTES];
        rng.fill_bytes(&mut salt);
        use argon2::PasswordHasher as _;
        let hash = self
            .argon2()
            .hash_password_with_salt(pw, &salt)
            .map_err(|e| HashError(e.to_string()))?;
        Ok(hash.to_string())
    }

    /// True when `phc` was not made by argon2id at exactly this hasher's parameters (or cannot
    /// be read): after a successful [`verify`], store a new [`PasswordHasher::hash`].
    pub fn needs_rehash(&self, phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return true;
        };
        if parsed.algorithm.as_str() != argon2::ARGON2ID_IDENT.as_str()
            || parsed.version != Some(u32::from(Version::V0x13))
        {
            return true;
        }
        match Params::try_from(&parsed) {
            Ok(p) => {
                p.m_cost() != self.params.m_cost()
                    || p.t_cost() != self.params.t_cost()
                    || p.p_cost() != self.params.p_cost()
                    || parsed.hash.map(|h| h.len()) != Some(Params::DEFAULT_OUTPUT_LEN)
            }
            Err(_) => true,
        }
    }

    /// Spends the time of one verification and answers `false`: call it when the account does
    /// not exist, so that a login's timing does not tell which emails are registered.
    pub fn verify_absent(&self, password: &Password) -> bool {
        let pw = password.expose_secret().as_bytes();
        let pw = pw.get(..MAX_BYTES).unwrap_or(pw);
        let mut out = [0u8; 32];
        let _ = self
            .argon2()
            .hash_password_into(pw, b"vaga-absent-user", &mut out);
        false
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }
}

/// Whether `password` matches the stored PHC string. Only argon2id hashes with costs within
/// [`MAX_VERIFY_M_COST_KIB`], [`MAX_VERIFY_T_COST`], [`MAX_VERIFY_P_COST`] are accepted; a
/// malformed string, another algorithm or a password over [`MAX_BYTES`] answers `false`, never
/// a panic. The comparison of outputs is constant-time (inside argon2's `Output`).
pub fn verify(password: &Password, phc: &str) -> bool {
    let pw = password.expose_secret().as_bytes();
    if pw.len() > MAX_BYTES || phc.len() > 512 {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    if parsed.algorithm.as_str() != argon2::ARGON2ID_IDENT.as_str() {
        return false;
    }
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_VERIFY_M_COST_KIB
        || params.t_cost() > MAX_VERIFY_T_COST
        || params.p_cost() > MAX_VERIFY_P_COST
    {
        return false;
    }
    use argon2::PasswordVerifier as _;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .verify_password(pw, &parsed)
        .is_ok()
}

/// [`PasswordHasher::needs_rehash`] against the default parameters.
pub fn needs_rehash(phc: &str) -> bool {
    PasswordHasher::default().needs_rehash(phc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_inputs_split_email_and_name() {
        let got = user_inputs("Maria.Silva@example.com", "Maria da Silva");
        assert!(got.contains(&"maria.silva".to_owned()));
        assert!(got.contains(&"silva".to_owned()));
        assert!(got.contains(&"example".to_owned()));
        assert!(got.contains(&"maria da silva".to_owned()));
        assert!(!got.contains(&"da".to_owned()));
    }
}
