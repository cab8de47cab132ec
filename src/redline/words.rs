//! Word-level diff of running text: inlines → tokens (words, punctuation,
//! and atoms such as notes), a patience diff, and back to inlines with
//! `Revised` (inserted / deleted) and `Restyled` (formatting) marks.

use super::align::{Step, align};
use crate::model::{Inline, Revision, RunFormat};

#[derive(Debug, Clone, PartialEq)]
struct Token {
    text: String,
    fmt: RunFormat,
    /// A non-text inline kept whole (note, reference, link, line break).
    atom: Option<Inline>,
}

impl Token {
    /// What matching compares: a word without the spaces after it (a word
    /// that gained or lost a following space is the same word).
    fn key(&self) -> String {
        match &self.atom {
            Some(a) => format!("\u{1}{a:?}"),
            None => self.text.trim_end().to_string(),
        }
    }

    /// The token cut into its word and the spaces after it.
    fn split_space(&self) -> (Token, String) {
        let word = self.text.trim_end();
        let space = self.text[word.len()..].to_string();
        (
            Token {
                text: word.to_string(),
                ..self.clone()
            },
            space,
        )
    }
}

/// Counts of what a diff marked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub insertions: usize,
    pub deletions: usize,
    pub formatting: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.insertions += o.insertions;
        self.deletions += o.deletions;
        self.formatting += o.formatting;
    }
}

/// The new inlines, with what changed since `old` marked.
pub fn diff_inlines(old: &[Inline], new: &[Inline]) -> (Vec<Inline>, Counts) {
    let a = tokens(old);
    let b = tokens(new);
    let mut out: Vec<(Option<Revision>, Option<RunFormat>, Token)> = Vec::new();
    let mut counts = Counts::default();
    let mark = |revision: Revision, tokens: &[Token], out: &mut Vec<_>| {
        tokens
            .iter()
            .for_each(|t| out.push((Some(revision), None, t.clone())));
    };
    for step in align(&a, &b, Token::key) {
        match step {
            Step::Same(o, n) if o.text == n.text || n.atom.is_some() => {
                out.push((None, (o.fmt != n.fmt).then_some(o.fmt), n.clone()))
            }
            Step::Same(o, n) => {
                // The word is the same; the spaces after it changed.
                let (word, new_space) = n.split_space();
                let (_, old_space) = o.split_space();
                out.push((None, (o.fmt != n.fmt).then_some(o.fmt), word));
                for (revision, space) in [
                    (Revision::Deleted, old_space),
                    (Revision::Inserted, new_space),
                ] {
                    if !space.is_empty() {
                        let token = Token {
                            text: space,
                            ..n.clone()
                        };
                        out.push((Some(revision), None, token));
                    }
                }
            }
            Step::Removed(o) => mark(Revision::Deleted, std::slice::from_ref(o), &mut out),
            Step::Added(n) => mark(Revision::Inserted, std::slice::from_ref(n), &mut out),
            Step::Changed(o, n) => {
                mark(Revision::Deleted, o, &mut out);
                mark(Revision::Inserted, n, &mut out);
            }
        }
    }
    // Group runs of tokens with the same mark.
    let mut result = Vec::new();
    let mut i = 0;
    while i < out.len() {
        let (rev, was, _) = &out[i];
        let mut j = i + 1;
        while j < out.len() && out[j].0 == *rev && out[j].1 == *was {
            j += 1;
        }
        let content = rebuild(out[i..j].iter().map(|(_, _, t)| t));
        match (rev, was) {
            (Some(r), _) => {
                if r.is_removal() {
                    counts.deletions += 1;
                } else {
                    counts.insertions += 1;
                }
                result.push(Inline::Revised {
                    revision: *r,
                    content,
                });
            }
            (None, Some(w)) => {
                counts.formatting += 1;
                result.push(Inline::Restyled { content, was: *w });
            }
            (None, None) => result.extend(content),
        }
        i = j;
    }
    (result, counts)
}

/// Splits inlines into tokens, carrying their formatting.
fn tokens(inlines: &[Inline]) -> Vec<Token> {
    let mut out = Vec::new();
    push_tokens(inlines, RunFormat::default(), &mut out);
    out
}

fn push_tokens(inlines: &[Inline], fmt: RunFormat, out: &mut Vec<Token>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => split_words(t, fmt, out),
            Inline::Emph(c) => push_tokens(
                c,
                RunFormat {
                    italic: !fmt.italic,
                    ..fmt
                },
                out,
            ),
            Inline::Strong(c) => push_tokens(c, RunFormat { bold: true, ..fmt }, out),
            Inline::Strikeout(c) => push_tokens(
                c,
                RunFormat {
                    strike: true,
                    ..fmt
                },
                out,
            ),
            Inline::Superscript(c) => push_tokens(
                c,
                RunFormat {
                    superscript: true,
                    ..fmt
                },
                out,
            ),
            Inline::Code(t) => split_words(t, RunFormat { code: true, ..fmt }, out),
            Inline::Revised { content, .. } | Inline::Restyled { content, .. } => {
                push_tokens(content, fmt, out)
            }
            atom => out.push(Token {
                text: String::new(),
                fmt,
                atom: Some(atom.clone()),
            }),
        }
    }
}

/// Words and punctuation, each with the spaces that follow it. French
/// elisions are words of their own: « l’OIM » is « l’ » + « OIM ».
fn split_words(text: &str, fmt: RunFormat, out: &mut Vec<Token>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let push = |s: String, out: &mut Vec<Token>| {
        out.push(Token {
            text: s,
            fmt,
            atom: None,
        })
    };
    // Leading spaces stick to nothing: give them a token of their own.
    let lead: String = chars.iter().take_while(|c| c.is_whitespace()).collect();
    if !lead.is_empty() {
        i = lead.chars().count();
        push(lead, out);
    }
    while i < chars.len() {
        let start = i;
        if chars[i].is_alphanumeric() {
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            // Elision: a short word and an apostrophe end a token.
            if i < chars.len() && matches!(chars[i], '’' | '\'') && i - start <= 7 {
                let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
                if ELIDED.contains(&word.as_str()) {
                    i += 1;
                }
            }
        } else {
            i += 1;
        }
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        push(chars[start..i].iter().collect(), out);
    }
}

const ELIDED: [&str; 12] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
];

/// Tokens back to inlines: text of equal formatting joined, then wrapped.
fn rebuild<'a>(tokens: impl Iterator<Item = &'a Token>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut current = RunFormat::default();
    let flush = |text: &mut String, fmt: RunFormat, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(wrap(std::mem::take(text), fmt));
        }
    };
    for t in tokens {
        match &t.atom {
            Some(atom) => {
                flush(&mut text, current, &mut out);
                out.push(atom.clone());
            }
            None => {
                if t.fmt != current {
                    flush(&mut text, current, &mut out);
                    current = t.fmt;
                }
                text.push_str(&t.text);
            }
        }
    }
    flush(&mut text, current, &mut out);
    out
}

fn wrap(text: String, fmt: RunFormat) -> Inline {
    let mut inline = if fmt.code {
        Inline::Code(text)
    } else {
        Inline::Text(text)
    };
    if fmt.strike {
        inline = Inline::Strikeout(vec![inline]);
    }
    if fmt.superscript {
        inline = Inline::Superscript(vec![inline]);
    }
    if fmt.italic {
        inline = Inline::Emph(vec![inline]);
    }
    if fmt.bold {
        inline = Inline::Strong(vec![inline]);
    }
    inline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn one_word_changed() {
        let (out, counts) = diff_inlines(
            &[t("Les dossiers reposent souvent sur l’OIM.")],
            &[t("Les dossiers reposent toujours sur l’ONU.")],
        );
        assert_eq!(
            counts,
            Counts {
                insertions: 2,
                deletions: 2,
                formatting: 0
            }
        );
        assert_eq!(
            out,
            vec![
                t("Les dossiers reposent "),
                Inline::Revised {
                    revision: Revision::Deleted,
                    content: vec![t("souvent ")]
                },
                Inline::Revised {
                    revision: Revision::Inserted,
                    content: vec![t("toujours ")]
                },
                t("sur l’"),
                Inline::Revised {
                    revision: Revision::Deleted,
                    content: vec![t("OIM")]
                },
                Inline::Revised {
                    revision: Revision::Inserted,
                    content: vec![t("ONU")]
                },
                t("."),
            ]
        );
    }

    #[test]
    fn a_word_gaining_a_space_stays_the_same_word() {
        let (out, counts) = diff_inlines(&[t("Protection")], &[t("Protection des victimes")]);
        assert_eq!(counts.insertions, 1);
        assert_eq!(
            out,
            vec![
                t("Protection"),
                Inline::Revised {
                    revision: Revision::Inserted,
                    content: vec![t(" des victimes")]
                }
            ]
        );
    }

    #[test]
    fn formatting_change_is_restyled() {
        let old = [t("un "), t("mot")];
        let new = [t("un "), Inline::Strong(vec![t("mot")])];
        let (out, counts) = diff_inlines(&old, &new);
        assert_eq!(counts.formatting, 1);
        assert_eq!(
            out[1],
            Inline::Restyled {
                content: vec![Inline::Strong(vec![t("mot")])],
                was: RunFormat::default()
            }
        );
    }

    #[test]
    fn unchanged_text_is_untouched() {
        let text = [t("Rien ne change ici.")];
        let (out, counts) = diff_inlines(&text, &text);
        assert_eq!(counts, Counts::default());
        assert_eq!(out, vec![t("Rien ne change ici.")]);
    }
}
