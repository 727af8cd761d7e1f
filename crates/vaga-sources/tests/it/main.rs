//! Integration tests of `vaga-sources`: adapters and kinds against real HTTP servers on
//! loopback replaying stored response shapes.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod boards;
mod boards_props;
mod boards_support;
mod http;
mod kinds;
mod kinds_support;

mod ats;
mod ats_props;
mod ats_support;
