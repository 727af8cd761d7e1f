//! Built-in adapters: one module per board or ATS, each with its real endpoint, paging and field
//! mapping into a [`SourcePosting`](crate::SourcePosting).

// ATS boards
pub mod ashby;
pub(crate) mod ats_common;
pub mod greenhouse;
pub mod gupy_board;
pub mod lever;
pub mod linkedin;
pub mod recruitee;
pub mod smartrecruiters;
pub mod workable;
