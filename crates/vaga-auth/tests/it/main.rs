//! Integration tests of `vaga-auth`: passwords, access and refresh tokens, throttling, CSRF.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod csrf;
mod password;
mod refresh;
mod throttle;
mod token;
