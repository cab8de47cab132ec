//! The page numbers a table of contents or list prints beside its entries
//! (the cached results of their `PAGEREF` fields).

use std::collections::BTreeMap;

/// What the writer knows of the pages the entries' targets fall on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PageNumbers {
    /// Nothing: the numbers stay empty and the file asks Word to update its
    /// fields when it opens.
    #[default]
    Unknown,
    /// The document is about to be laid out to measure its pages: each
    /// entry shows a placeholder as wide as a page number, so that the
    /// entries take the room they will take once filled.
    Measuring,
    /// Measured by a layout: the page of each bookmark as its page shows
    /// it (`_Toc_h3` → « 7 »).
    Known(BTreeMap<String, String>),
}

impl PageNumbers {
    /// The text shown as the page of `bookmark` (empty when unknown).
    pub fn shown(&self, bookmark: &str) -> String {
        match self {
            PageNumbers::Unknown => String::new(),
            PageNumbers::Measuring => PLACEHOLDER.to_string(),
            PageNumbers::Known(pages) => pages.get(bookmark).cloned().unwrap_or_default(),
        }
    }

    /// True when the numbers were measured: Word need not update the
    /// fields on open.
    pub fn known(&self) -> bool {
        matches!(self, PageNumbers::Known(_))
    }
}

/// The placeholder of a page number while measuring.
const PLACEHOLDER: &str = "00";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_page_is_shown_and_a_missing_one_stays_empty() {
        let pages = PageNumbers::Known(BTreeMap::from([("_Toc_h1".to_string(), "7".to_string())]));
        assert_eq!(pages.shown("_Toc_h1"), "7");
        assert_eq!(pages.shown("_Toc_h2"), "");
        assert!(pages.known());
        assert_eq!(PageNumbers::Unknown.shown("_Toc_h1"), "");
        assert_eq!(PageNumbers::Measuring.shown("_Toc_h1"), "00");
        assert!(!PageNumbers::Measuring.known());
    }
}
