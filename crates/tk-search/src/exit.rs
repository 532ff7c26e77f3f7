//! Exit statuses (ripgrep's convention, extended to indexing).
//!
//! | status | `query`              | `index`                                  | `analyze` |
//! |--------|----------------------|------------------------------------------|-----------|
//! | 0      | at least one hit     | everything indexed, no problems          | done      |
//! | 1      | no hits              | indexed, but some files/lines had problems | —       |
//! | 2      | error                | failed (nothing new committed)           | error     |

/// Success: hits found / all indexed.
pub const OK: u8 = 0;
/// No hits / indexed with problems.
pub const PARTIAL: u8 = 1;
/// An error.
pub const ERROR: u8 = 2;
