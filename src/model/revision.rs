//! Revision marks: what a redline shows between a delivered version and
//! the current one.

use serde::{Deserialize, Serialize};

/// How a block, row or stretch of text differs from the delivered version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Revision {
    Inserted,
    Deleted,
    /// The place a block moved away from; the number names the move, shared
    /// with its [`Revision::MovedTo`] half.
    MovedFrom(u32),
    /// The place a block moved to.
    MovedTo(u32),
}

impl Revision {
    /// True for what reject-all keeps and accept-all drops.
    pub fn is_removal(self) -> bool {
        matches!(self, Revision::Deleted | Revision::MovedFrom(_))
    }

    /// True for what accept-all keeps and reject-all drops.
    pub fn is_addition(self) -> bool {
        matches!(self, Revision::Inserted | Revision::MovedTo(_))
    }
}

/// Character formatting of a stretch of text, as far as the model has it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RunFormat {
    #[serde(default, skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub italic: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strike: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub superscript: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub code: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}
