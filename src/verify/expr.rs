//! The condition language of `verifications` rules: parsing.
//!
//! ```text
//! condition  := ou
//! ou         := et ("ou" et)*
//! et         := non ("et" non)*
//! non        := "non" non | comparaison
//! comparaison:= somme (("=" | "!=" | "<" | "<=" | ">" | ">=") somme | "dans" source.colonne)?
//! somme      := produit (("+" | "-") produit)*
//! produit    := unaire (("*" | "/") unaire)*
//! unaire     := "-" unaire | atome
//! atome      := nombre | 'texte' | "texte" | nom | nom.nom | fonction(arguments) | (condition)
//! ```
//!
//! A bare `nom` is a column of the row being checked (`pour_chaque`), or a
//! source given to `nombre(…)`; `source.colonne` a whole column;
//! `calendrier.x`, `parametres.x` and `projet.date` values of `trame.yaml`.

use std::fmt;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Text(String),
    /// A bare name: a column of the current row, or a source (in `nombre`).
    Name(String),
    /// `a.b`: a source column, or a setting (`calendrier.x`, `parametres.x`, `projet.date`).
    Dotted(String, String),
    Call(String, Vec<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// A comparison, with the text of each side for messages.
    Compare {
        op: CmpOp,
        left: Box<Expr>,
        right: Box<Expr>,
        left_text: String,
        right_text: String,
    },
    /// `valeur dans source.colonne`.
    In(Box<Expr>, String, String, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Text(String),
    Word(String),
    Symbol(&'static str),
}

/// Splits a condition into tokens, each with its byte offset.
fn tokens(text: &str) -> Result<Vec<(usize, Token)>, String> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].1.is_ascii_digit() || chars[i].1 == '.') {
                i += 1;
            }
            let end = chars.get(i).map_or(text.len(), |(p, _)| *p);
            let n: f64 = text[at..end]
                .parse()
                .map_err(|_| format!("nombre mal formé « {} »", &text[at..end]))?;
            let _ = start;
            out.push((at, Token::Number(n)));
        } else if c == '\'' || c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 != c {
                j += 1;
            }
            if j == chars.len() {
                return Err(format!("texte non refermé à partir de « {} »", &text[at..]));
            }
            out.push((at, Token::Text(text[at + 1..chars[j].0].to_string())));
            i = j + 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = at;
            while i < chars.len() && (chars[i].1.is_alphanumeric() || chars[i].1 == '_') {
                i += 1;
            }
            let end = chars.get(i).map_or(text.len(), |(p, _)| *p);
            out.push((start, Token::Word(text[start..end].to_string())));
        } else {
            let two = text[at..].get(..2).unwrap_or("");
            let symbol = ["<=", ">=", "!=", "<>"]
                .into_iter()
                .find(|s| *s == two)
                .or_else(|| {
                    ["=", "<", ">", "+", "-", "*", "/", "(", ")", ",", "."]
                        .into_iter()
                        .find(|s| text[at..].starts_with(*s))
                })
                .ok_or_else(|| format!("caractère inattendu « {c} »"))?;
            out.push((
                at,
                Token::Symbol(if symbol == "<>" { "!=" } else { symbol }),
            ));
            i += symbol.chars().count();
        }
    }
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<(usize, Token)>,
    pos: usize,
}

/// Parses a condition; the error is a French sentence.
pub fn parse(text: &str) -> Result<Expr, String> {
    let mut p = Parser {
        text,
        tokens: tokens(text)?,
        pos: 0,
    };
    if p.tokens.is_empty() {
        return Err("condition vide".into());
    }
    let e = p.or()?;
    match p.tokens.get(p.pos) {
        None => Ok(e),
        Some((at, _)) => Err(format!("suite inattendue « {} »", &text[*at..])),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn offset(&self) -> usize {
        self.tokens
            .get(self.pos)
            .map_or(self.text.len(), |(p, _)| *p)
    }

    fn eat_word(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(x)) if x == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_symbol(&mut self, s: &str) -> bool {
        if matches!(self.peek(), Some(Token::Symbol(x)) if *x == s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_symbol(&mut self, s: &str) -> Result<(), String> {
        if self.eat_symbol(s) {
            Ok(())
        } else {
            Err(match self.tokens.get(self.pos) {
                Some((at, _)) => format!("« {s} » attendu avant « {} »", &self.text[*at..]),
                None => format!("« {s} » manquant en fin de condition"),
            })
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut e = self.and()?;
        while self.eat_word("ou") {
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.not()?;
        while self.eat_word("et") {
            e = Expr::And(Box::new(e), Box::new(self.not()?));
        }
        Ok(e)
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.eat_word("non") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, String> {
        let start = self.offset();
        let left = self.sum()?;
        let middle = self.offset();
        if self.eat_word("dans") {
            let (source, column) = match (self.next_word(), self.eat_symbol(".")) {
                (Some(s), true) => (s, self.next_word()),
                _ => (String::new(), None),
            };
            let Some(column) = column else {
                return Err("« dans » attend une colonne : source.colonne".into());
            };
            let text = self.text[start..middle].trim().to_string();
            return Ok(Expr::In(Box::new(left), source, column, text));
        }
        let op = match self.peek() {
            Some(Token::Symbol("=")) => CmpOp::Eq,
            Some(Token::Symbol("!=")) => CmpOp::Ne,
            Some(Token::Symbol("<")) => CmpOp::Lt,
            Some(Token::Symbol("<=")) => CmpOp::Le,
            Some(Token::Symbol(">")) => CmpOp::Gt,
            Some(Token::Symbol(">=")) => CmpOp::Ge,
            _ => return Ok(left),
        };
        self.pos += 1;
        let right_start = self.offset();
        let right = self.sum()?;
        let end = self.offset();
        Ok(Expr::Compare {
            op,
            left: Box::new(left),
            right: Box::new(right),
            left_text: self.text[start..middle].trim().to_string(),
            right_text: self.text[right_start..end].trim().to_string(),
        })
    }

    fn next_word(&mut self) -> Option<String> {
        match self.peek() {
            Some(Token::Word(w)) => {
                let w = w.clone();
                self.pos += 1;
                Some(w)
            }
            _ => None,
        }
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut e = self.product()?;
        loop {
            let op = if self.eat_symbol("+") {
                ArithOp::Add
            } else if self.eat_symbol("-") {
                ArithOp::Sub
            } else {
                return Ok(e);
            };
            e = Expr::Arith(op, Box::new(e), Box::new(self.product()?));
        }
    }

    fn product(&mut self) -> Result<Expr, String> {
        let mut e = self.unary()?;
        loop {
            let op = if self.eat_symbol("*") {
                ArithOp::Mul
            } else if self.eat_symbol("/") {
                ArithOp::Div
            } else {
                return Ok(e);
            };
            e = Expr::Arith(op, Box::new(e), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat_symbol("-") {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, String> {
        let Some((at, token)) = self.tokens.get(self.pos).cloned() else {
            return Err("condition incomplète : une valeur manque à la fin".into());
        };
        self.pos += 1;
        match token {
            Token::Number(n) => Ok(Expr::Number(n)),
            Token::Text(t) => Ok(Expr::Text(t)),
            Token::Symbol("(") => {
                let e = self.or()?;
                self.expect_symbol(")")?;
                Ok(e)
            }
            Token::Word(w) if ["et", "ou", "non", "dans"].contains(&w.as_str()) => {
                Err(format!("valeur attendue avant « {} »", &self.text[at..]))
            }
            Token::Word(w) => {
                if self.eat_symbol("(") {
                    let mut args = Vec::new();
                    if !self.eat_symbol(")") {
                        loop {
                            args.push(self.or()?);
                            if self.eat_symbol(")") {
                                break;
                            }
                            if self.peek().is_none() {
                                return Err("« ) » manquant en fin de condition".into());
                            }
                            self.expect_symbol(",")?;
                        }
                    }
                    Ok(Expr::Call(w, args))
                } else if self.eat_symbol(".") {
                    match self.next_word() {
                        Some(field) => Ok(Expr::Dotted(w, field)),
                        None => Err(format!("nom attendu après « {w}. »")),
                    }
                } else {
                    Ok(Expr::Name(w))
                }
            }
            Token::Symbol(_) => Err(format!("valeur attendue avant « {} »", &self.text[at..])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_reconciliation() {
        let e = parse("somme(q.post_correct) = somme(s.post) * nombre(q) / 100").unwrap();
        let Expr::Compare {
            op,
            left_text,
            right_text,
            ..
        } = e
        else {
            panic!("{e:?}")
        };
        assert_eq!(op, CmpOp::Eq);
        assert_eq!(left_text, "somme(q.post_correct)");
        assert_eq!(right_text, "somme(s.post) * nombre(q) / 100");
    }

    #[test]
    fn precedence_and_words() {
        let e = parse("non vide(mois) ou total < parametres.seuil et a >= 2").unwrap();
        assert!(matches!(e, Expr::Or(_, _)), "{e:?}");
        let e = parse("code dans participants.code").unwrap();
        assert!(matches!(e, Expr::In(_, ref s, ref c, _) if s == "participants" && c == "code"));
    }

    #[test]
    fn errors_are_french_and_located() {
        assert_eq!(
            parse("somme(a.b").unwrap_err(),
            "« ) » manquant en fin de condition"
        );
        assert_eq!(
            parse("a = ").unwrap_err(),
            "condition incomplète : une valeur manque à la fin"
        );
        assert_eq!(parse("a = 3 4").unwrap_err(), "suite inattendue « 4 »");
        assert_eq!(parse("a # b").unwrap_err(), "caractère inattendu « # »");
        assert_eq!(
            parse("'abc").unwrap_err(),
            "texte non refermé à partir de « 'abc »"
        );
    }
}
