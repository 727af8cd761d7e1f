//! The bundled demo behind `vaga serve --demo`: about 2,000 generated job postings and a demo
//! user with a resume, so that a newcomer sees matches, gaps and trends without any network.
//!
//! - [`generate`] makes the postings: invented companies, titles in Portuguese, English and
//!   Spanish, Brazil and Latin America first, pay in the formats people write it, dates over the
//!   180 days before `now` with a market trend, and some cross-posted duplicates. They are
//!   [`vaga_sources::SourcePosting`]s from sources named `demo-…`, so they take the path real
//!   postings take.
//! - [`resume`] is the demo user's JSON Resume (an invented data scientist in Belo Horizonte).
//! - [`load`] puts it all in a store: the user `demo@vaga.local` with [`DEMO_PASSWORD`], the
//!   profile, the demo sources (disabled) and the normalised postings. It is idempotent.
//!
//! Nothing here reads the clock or the OS's randomness except the password hash's salt: the
//! caller passes `now`, and the postings come from a seeded generator ([`DEMO_SEED`]).

pub mod generate;
pub mod load;
pub mod normalize;
pub mod resume;

pub use generate::{DAYS, DUPLICATES, POSTINGS, SOURCES, generate};
pub use load::{DEMO_PASSWORD, DEMO_SEED, DemoSummary, load};
pub use normalize::{FORMAT_VERSION, REFERENCE_CURRENCY, Tools, new_posting, record};
pub use resume::{DEMO_EMAIL, DEMO_NAME, resume};
