//! Splits an expression into XPath 1.0 tokens, with the disambiguation rules of the
//! specification (section 3.7): whether `*` multiplies and whether `div` is an operator
//! depend on the token before.

use super::error::XpathError;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Dot,
    DotDot,
    At,
    Comma,
    ColonColon,
    Slash,
    DoubleSlash,
    Pipe,
    Plus,
    Minus,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `*` as the multiply operator.
    Multiply,
    And,
    Or,
    Mod,
    Div,
    /// `*`
    AnyName,
    /// `prefix:*`
    PrefixAny(String),
    /// `local` or `prefix:local` as a name test.
    Name(Option<String>, String),
    /// `comment`, `text`, `processing-instruction`, `node` before `(`.
    NodeType(String),
    /// A name before `(`.
    FunctionName(Option<String>, String),
    /// A name before `::`.
    AxisName(String),
    Literal(String),
    Number(f64),
    Variable(String),
}

impl Tok {
    /// Whether a following `*` or name must be read as an operator (spec 3.7).
    fn ends_operand(&self) -> bool {
        !matches!(
            self,
            Tok::At
                | Tok::ColonColon
                | Tok::LParen
                | Tok::LBracket
                | Tok::Comma
                | Tok::And
                | Tok::Or
                | Tok::Mod
                | Tok::Div
                | Tok::Multiply
                | Tok::Slash
                | Tok::DoubleSlash
                | Tok::Pipe
                | Tok::Plus
                | Tok::Minus
                | Tok::Eq
                | Tok::Ne
                | Tok::Lt
                | Tok::Le
                | Tok::Gt
                | Tok::Ge
        )
    }
}

/// A token and its byte offset in the expression.
pub(super) type Token = (Tok, usize);

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && c.is_alphabetic())
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '.' | '-' | '_')
        || (!c.is_ascii() && !c.is_whitespace())
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    tokens: Vec<Token>,
}

fn error(offset: usize, reason: impl Into<String>) -> XpathError {
    XpathError::InvalidExpression {
        offset,
        reason: reason.into(),
    }
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, skip: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(skip)
    }

    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    /// The rest after whitespace.
    fn rest_after_space(&self) -> &str {
        self.rest().trim_start_matches(is_space)
    }

    fn operator_expected(&self) -> bool {
        self.tokens.last().is_some_and(|(t, _)| t.ends_operand())
    }

    fn ncname(&mut self) -> &str {
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !is_name_char(c))
            .unwrap_or(self.rest().len());
        self.pos += len;
        &self.src[start..self.pos]
    }

    fn push(&mut self, tok: Tok, offset: usize) {
        self.tokens.push((tok, offset));
    }

    fn number(&mut self, start: usize) -> Result<(), XpathError> {
        let rest = self.rest();
        let mut len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if rest[len..].starts_with('.') {
            len += 1;
            len += rest[len..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len() - len);
        }
        // libxml2 (Hurl) also reads an exponent: 1e3, 2.5E-2.
        let after = &rest[len..];
        if after.starts_with(['e', 'E']) {
            let mut exp = 1;
            if after[exp..].starts_with(['+', '-']) {
                exp += 1;
            }
            let digits = after[exp..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len() - exp);
            if digits > 0 {
                len += exp + digits;
            }
        }
        let text = &rest[..len];
        let value: f64 = text
            .parse()
            .map_err(|_| error(start, format!("invalid number '{text}'")))?;
        self.pos += len;
        self.push(Tok::Number(value), start);
        Ok(())
    }

    fn name(&mut self, start: usize) -> Result<(), XpathError> {
        let first = self.ncname().to_string();
        if self.operator_expected() {
            let tok = match first.as_str() {
                "and" => Tok::And,
                "or" => Tok::Or,
                "mod" => Tok::Mod,
                "div" => Tok::Div,
                _ => {
                    return Err(error(
                        start,
                        format!("expected an operator, found '{first}'"),
                    ))
                }
            };
            self.push(tok, start);
            return Ok(());
        }
        // A QName: prefix ':' (local | '*'); '::' is an axis separator instead.
        let mut prefix = None;
        let mut local = first;
        if self.peek() == Some(':') && self.peek_at(1) != Some(':') {
            self.pos += 1;
            match self.peek() {
                Some('*') => {
                    self.pos += 1;
                    self.push(Tok::PrefixAny(local), start);
                    return Ok(());
                }
                Some(c) if is_name_start(c) => {
                    prefix = Some(local);
                    local = self.ncname().to_string();
                }
                _ => return Err(error(self.pos, "expected a name after ':'")),
            }
        }
        let after = self.rest_after_space();
        let tok = if after.starts_with('(') {
            match (&prefix, local.as_str()) {
                (None, "comment" | "text" | "processing-instruction" | "node") => {
                    Tok::NodeType(local)
                }
                _ => Tok::FunctionName(prefix, local),
            }
        } else if after.starts_with("::") && prefix.is_none() {
            Tok::AxisName(local)
        } else {
            Tok::Name(prefix, local)
        };
        self.push(tok, start);
        Ok(())
    }

    fn literal(&mut self, start: usize, quote: char) -> Result<(), XpathError> {
        let body = &self.rest()[1..];
        let Some(end) = body.find(quote) else {
            return Err(error(start, "unterminated string literal"));
        };
        let value = body[..end].to_string();
        self.pos += end + 2;
        self.push(Tok::Literal(value), start);
        Ok(())
    }

    fn run(&mut self) -> Result<(), XpathError> {
        while let Some(c) = self.peek() {
            let start = self.pos;
            if is_space(c) {
                self.pos += 1;
                continue;
            }
            let two = self.rest().get(..2);
            let simple = match c {
                '(' => Some((Tok::LParen, 1)),
                ')' => Some((Tok::RParen, 1)),
                '[' => Some((Tok::LBracket, 1)),
                ']' => Some((Tok::RBracket, 1)),
                '@' => Some((Tok::At, 1)),
                ',' => Some((Tok::Comma, 1)),
                '|' => Some((Tok::Pipe, 1)),
                '+' => Some((Tok::Plus, 1)),
                '-' => Some((Tok::Minus, 1)),
                '=' => Some((Tok::Eq, 1)),
                ':' if two == Some("::") => Some((Tok::ColonColon, 2)),
                '/' if two == Some("//") => Some((Tok::DoubleSlash, 2)),
                '/' => Some((Tok::Slash, 1)),
                '!' if two == Some("!=") => Some((Tok::Ne, 2)),
                '<' if two == Some("<=") => Some((Tok::Le, 2)),
                '<' => Some((Tok::Lt, 1)),
                '>' if two == Some(">=") => Some((Tok::Ge, 2)),
                '>' => Some((Tok::Gt, 1)),
                '.' if two == Some("..") => Some((Tok::DotDot, 2)),
                '.' if !self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => Some((Tok::Dot, 1)),
                '*' if self.operator_expected() => Some((Tok::Multiply, 1)),
                '*' => Some((Tok::AnyName, 1)),
                _ => None,
            };
            if let Some((tok, len)) = simple {
                self.pos += len;
                self.push(tok, start);
                continue;
            }
            match c {
                '0'..='9' | '.' => self.number(start)?,
                '"' | '\'' => self.literal(start, c)?,
                '$' => {
                    self.pos += 1;
                    if !self.peek().is_some_and(is_name_start) {
                        return Err(error(self.pos, "expected a variable name after '$'"));
                    }
                    let name = self.ncname().to_string();
                    self.push(Tok::Variable(name), start);
                }
                c if is_name_start(c) => self.name(start)?,
                c => return Err(error(start, format!("unexpected character '{c}'"))),
            }
        }
        Ok(())
    }
}

/// Tokenizes an expression.
pub(super) fn tokenize(src: &str) -> Result<Vec<Token>, XpathError> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}
