//! Comments: `comments.xml` (author, date, text, last paragraph id) and
//! `commentsExtended.xml` (threads and done state; absent in files saved by
//! LibreOffice).

use super::xml::{Ev, place, walk};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub date: String,
    pub text: String,
    /// `w14:paraId` of the comment's last paragraph.
    pub para_id: Option<String>,
    /// The comment this one answers, by id.
    pub parent: Option<String>,
    pub done: Option<bool>,
}

pub fn parse(comments: Option<&str>, extended: Option<&str>) -> Result<Vec<Comment>, String> {
    let mut out: Vec<Comment> = Vec::new();
    if let Some(xml) = comments {
        let mut current: Option<Comment> = None;
        let mut in_text = false;
        let mut paragraphs = 0;
        walk(
            xml,
            &place("les commentaires", "word/comments.xml"),
            |ev| match ev {
                Ev::Start {
                    name: "comment",
                    attrs,
                    empty,
                } => {
                    let c = Comment {
                        id: attrs.get("id").unwrap_or_default(),
                        author: attrs.get("author").unwrap_or_default(),
                        date: attrs.get("date").unwrap_or_default(),
                        ..Comment::default()
                    };
                    paragraphs = 0;
                    if empty {
                        out.push(c);
                    } else {
                        current = Some(c);
                    }
                }
                Ev::Start {
                    name: "p", attrs, ..
                } => {
                    if let Some(c) = &mut current {
                        if paragraphs > 0 {
                            c.text.push('\n');
                        }
                        paragraphs += 1;
                        if let Some(id) = attrs.get("paraId") {
                            c.para_id = Some(id);
                        }
                    }
                }
                Ev::Start {
                    name: "t",
                    empty: false,
                    ..
                } => in_text = true,
                Ev::Start { name: "tab", .. } => {
                    if let Some(c) = &mut current {
                        c.text.push('\t');
                    }
                }
                Ev::End { name: "t" } => in_text = false,
                Ev::End { name: "comment" } => {
                    if let Some(c) = current.take() {
                        out.push(c);
                    }
                }
                Ev::Text(t) if in_text => {
                    if let Some(c) = &mut current {
                        super::anchors::push_capped(&mut c.text, &t);
                    }
                }
                _ => {}
            },
        )?;
    }
    if let Some(xml) = extended {
        // paraId → (parent paraId, done)
        let mut ext: HashMap<String, (Option<String>, Option<bool>)> = HashMap::new();
        walk(
            xml,
            &place("les fils de commentaires", "word/commentsExtended.xml"),
            |ev| {
                if let Ev::Start {
                    name: "commentEx",
                    attrs,
                    ..
                } = ev
                    && let Some(id) = attrs.get("paraId")
                {
                    ext.insert(
                        id.to_string(),
                        (
                            attrs.get("paraIdParent"),
                            attrs.get("done").map(|d| d == "1" || d == "true"),
                        ),
                    );
                }
            },
        )?;
        let by_para: HashMap<String, String> = out
            .iter()
            .filter_map(|c| c.para_id.clone().map(|p| (p, c.id.clone())))
            .collect();
        for c in &mut out {
            if let Some((parent, done)) = c.para_id.as_ref().and_then(|p| ext.get(p)) {
                c.done = *done;
                c.parent = parent.as_ref().and_then(|p| by_para.get(p)).cloned();
            }
        }
    }
    Ok(out)
}
