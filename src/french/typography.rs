//! French typography for running text.
//!
//! Applied to every text run of the model (not to code): typographic
//! apostrophes, « » quotes instead of straight or English quotes, and
//! non-breaking spaces before `: ; ! ?` and inside « ». The state carries over
//! from one run to the next so that `**Note** : …` is handled across the bold.

use crate::model::{Block, Document, Inline};

const NBSP: char = '\u{A0}';

/// Applies French typography to all running text of a document (code and
/// URLs excepted).
pub fn apply(doc: &mut Document) {
    for block in &mut doc.blocks {
        apply_block(block);
    }
}

fn apply_block(block: &mut Block) {
    block.for_each_text_run_mut(&mut |run| fix_run(run, &mut Typographer::new()));
    visit_callout_titles(block);
}

fn visit_callout_titles(block: &mut Block) {
    match block {
        Block::Cover(c) => {
            for field in [
                &mut c.title,
                &mut c.subtitle,
                &mut c.doc_type,
                &mut c.notice,
                &mut c.programme,
            ] {
                *field = Typographer::new().apply(field);
            }
        }
        Block::Callout(c) => {
            if let Some(title) = &mut c.title {
                *title = Typographer::new().apply(title);
            }
            c.blocks.iter_mut().for_each(visit_callout_titles);
        }
        other => {
            for list in other.child_lists_mut() {
                list.iter_mut().for_each(visit_callout_titles);
            }
        }
    }
}

fn fix_run(run: &mut [Inline], t: &mut Typographer) {
    for inline in run {
        match inline {
            Inline::Text(s) => {
                // Replaced only when changed: the text as read keeps its
                // exact size (the rewrite reserves room to grow).
                let fixed = t.apply(s);
                if fixed != *s {
                    *s = fixed;
                }
            }
            Inline::Code(_) | Inline::Ref(_) => t.prev = Some('x'),
            Inline::LineBreak => t.prev = Some(' '),
            Inline::Note(_) => {}
            other => {
                if let Some(children) = other.children_mut() {
                    fix_run(children, t);
                }
            }
        }
    }
}

/// Stateful typographer for one block of running text.
#[derive(Debug, Default)]
pub struct Typographer {
    prev: Option<char>,
    in_quote: bool,
}

impl Typographer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Rewrites one text run.
    pub fn apply(&mut self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            match c {
                '\'' | '\u{2018}' => self.push(&mut out, '\u{2019}'),
                '"' | '\u{201C}' | '\u{201D}' | '«' | '»' => {
                    let opening = match c {
                        '«' | '\u{201C}' => true,
                        '»' | '\u{201D}' => false,
                        _ => !self.in_quote,
                    };
                    if opening {
                        self.push(&mut out, '«');
                        self.push(&mut out, NBSP);
                        self.in_quote = true;
                        // Swallow the ordinary spaces the author typed.
                        while chars.get(i + 1).is_some_and(|c| *c == ' ' || *c == NBSP) {
                            i += 1;
                        }
                    } else {
                        self.space_before(&mut out);
                        self.push(&mut out, '»');
                        self.in_quote = false;
                    }
                }
                '%' if self.prev == Some(' ') => {
                    self.space_before(&mut out);
                    self.push(&mut out, '%');
                }
                ':' | ';' | '!' | '?' => {
                    let after_ok = match next {
                        None => true,
                        Some(n) => n.is_whitespace() || matches!(n, '»' | ')' | '"' | '!' | '?'),
                    };
                    let before_word = self.prev.is_some_and(|p| {
                        p.is_alphanumeric() || matches!(p, ')' | '»' | '’' | '%' | '*')
                    });
                    if self.prev == Some(' ') || (before_word && after_ok) {
                        self.space_before(&mut out);
                    }
                    self.push(&mut out, c);
                }
                _ => self.push(&mut out, c),
            }
            i += 1;
        }
        out
    }

    fn push(&mut self, out: &mut String, c: char) {
        out.push(c);
        self.prev = Some(c);
    }

    /// Makes the space before a mark non-breaking, adding one if missing.
    fn space_before(&mut self, out: &mut String) {
        match self.prev {
            Some(NBSP) => {}
            Some(' ') if out.ends_with(' ') => {
                out.pop();
                self.push(out, NBSP);
            }
            // The space ended the previous run: add the non-breaking one here
            // and leave the ordinary space where it is (harmless, invisible).
            Some(' ') => self.push(out, NBSP),
            None => {}
            Some(_) => self.push(out, NBSP),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        Typographer::new().apply(s).replace(NBSP, "~")
    }

    #[test]
    fn spaces_before_high_punctuation() {
        assert_eq!(
            t("Note : voir ; oui ! vraiment ?"),
            "Note~: voir~; oui~! vraiment~?"
        );
        assert_eq!(t("Note: voir"), "Note~: voir");
        assert_eq!(
            t("à 14:30 sur https://oim.int"),
            "à 14:30 sur https://oim.int"
        );
        assert_eq!(t("Quoi ?!"), "Quoi~?!");
        assert_eq!(t("42 % des cas"), "42~% des cas");
        assert_eq!(t("42%"), "42%");
    }

    #[test]
    fn quotes_and_apostrophes() {
        assert_eq!(t("l'OIM dit \"non\""), "l’OIM dit «~non~»");
        assert_eq!(t("« Thème »"), "«~Thème~»");
        assert_eq!(t("“English”"), "«~English~»");
    }

    #[test]
    fn state_carries_across_runs() {
        let mut ty = Typographer::new();
        let a = ty.apply("Note");
        let b = ty.apply(": suite");
        assert_eq!(format!("{a}{b}").replace(NBSP, "~"), "Note~: suite");
    }
}
