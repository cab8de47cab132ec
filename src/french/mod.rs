//! French conventions: number and date formatting, and typography.

mod format;
mod typography;

pub use format::{
    format_date_long, format_date_short, format_decimal, format_integer, format_percent,
};
pub use typography::{Typographer, apply as apply_typography};
