//! Splitting pasted shell text into commands and words, as bash would for the quoting that
//! API docs and browsers use: `'…'`, `"…"`, `$'…'` (ANSI-C, Chrome's "Copy as cURL
//! (bash)"), backslashes, `\` line continuations, `#` comments, and `$NAME`/`${NAME}`
//! shell variables, which become spec variables.
//!
//! No crate covers this: `shell-words` and `shlex` know neither `$'…'` nor variables.

use super::super::write::text::Text;
use super::CurlError;

/// One word being built: literal text and shell variables.
#[derive(Default)]
struct Word {
    text: Text,
    /// Bytes of literal text not yet added (ANSI-C `\x` escapes may split a UTF-8 character).
    pending: Vec<u8>,
    started: bool,
}

impl Word {
    fn push_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.pending
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        self.started = true;
    }

    fn flush(&mut self) -> Result<(), CurlError> {
        if !self.pending.is_empty() {
            let bytes = std::mem::take(&mut self.pending);
            let s = String::from_utf8(bytes).map_err(|_| CurlError::NotUtf8)?;
            self.text.push_lit(&s);
        }
        Ok(())
    }

    /// The finished word.
    fn finish(mut self) -> Result<Text, CurlError> {
        self.flush()?;
        Ok(self.text)
    }

    fn push_var(&mut self, name: &str) -> Result<(), CurlError> {
        self.flush()?;
        self.text.push_var(name);
        self.started = true;
        Ok(())
    }
}

/// Commands (lists of words) in the text, split at unquoted line ends, `;`, `&&`, `||`,
/// `|` and `&`.
pub(crate) fn split_commands(input: &str) -> Result<Vec<Vec<Text>>, CurlError> {
    let chars: Vec<char> = input.chars().collect();
    let mut commands: Vec<Vec<Text>> = Vec::new();
    let mut words: Vec<Text> = Vec::new();
    let mut word = Word::default();
    let mut i = 0;

    macro_rules! end_word {
        () => {
            let done = std::mem::take(&mut word);
            if done.started {
                words.push(done.finish()?);
            }
        };
    }
    macro_rules! end_command {
        () => {
            end_word!();
            if !words.is_empty() {
                commands.push(std::mem::take(&mut words));
            }
        };
    }

    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' => {
                end_word!();
                i += 1;
            }
            '\n' | ';' => {
                end_command!();
                i += 1;
            }
            '&' | '|' => {
                end_command!();
                i += 1;
                if chars.get(i) == Some(&c) {
                    i += 1;
                }
            }
            '#' if !word.started => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\\' => match chars.get(i + 1) {
                Some('\n') => i += 2,
                Some('\r') if chars.get(i + 2) == Some(&'\n') => i += 3,
                Some(&next) => {
                    word.push_char(next);
                    i += 2;
                }
                None => i += 1,
            },
            '\'' => {
                word.started = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(CurlError::UnterminatedQuote('\'')),
                        Some('\'') => break,
                        Some(&ch) => word.push_char(ch),
                    }
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                word.started = true;
                i = double_quoted(&chars, i + 1, &mut word)?;
            }
            '$' => match chars.get(i + 1) {
                Some('\'') => {
                    word.started = true;
                    i = ansi_c(&chars, i + 2, &mut word)?;
                }
                Some('"') => {
                    word.started = true;
                    i = double_quoted(&chars, i + 2, &mut word)?;
                }
                _ => i = dollar(&chars, i, &mut word)?,
            },
            c => {
                word.push_char(c);
                i += 1;
            }
        }
    }
    end_command!();
    Ok(commands)
}

/// `$NAME` or `${NAME}` at `i` (which holds `$`): a variable; anything else is a literal `$`.
/// Returns the index after it.
fn dollar(chars: &[char], i: usize, word: &mut Word) -> Result<usize, CurlError> {
    let is_start = |c: &char| c.is_ascii_alphabetic() || *c == '_';
    let is_name = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
    if chars.get(i + 1) == Some(&'{') {
        let start = i + 2;
        let mut end = start;
        while chars.get(end).is_some_and(is_name) {
            end += 1;
        }
        if end > start && chars.get(end) == Some(&'}') && chars.get(start).is_some_and(is_start) {
            let name: String = chars[start..end].iter().collect();
            word.push_var(&name)?;
            return Ok(end + 1);
        }
    } else if chars.get(i + 1).is_some_and(is_start) {
        let start = i + 1;
        let mut end = start;
        while chars.get(end).is_some_and(is_name) {
            end += 1;
        }
        let name: String = chars[start..end].iter().collect();
        word.push_var(&name)?;
        return Ok(end);
    }
    word.push_char('$');
    Ok(i + 1)
}

/// The inside of `"…"` from `i`; returns the index after the closing quote.
fn double_quoted(chars: &[char], mut i: usize, word: &mut Word) -> Result<usize, CurlError> {
    loop {
        match chars.get(i) {
            None => return Err(CurlError::UnterminatedQuote('"')),
            Some('"') => return Ok(i + 1),
            Some('\\') => match chars.get(i + 1) {
                Some('\n') => i += 2,
                Some(&c @ ('$' | '`' | '"' | '\\')) => {
                    word.push_char(c);
                    i += 2;
                }
                _ => {
                    word.push_char('\\');
                    i += 1;
                }
            },
            Some('$') => i = dollar(chars, i, word)?,
            Some(&c) => {
                word.push_char(c);
                i += 1;
            }
        }
    }
}

/// The inside of `$'…'` from `i`; returns the index after the closing quote.
fn ansi_c(chars: &[char], mut i: usize, word: &mut Word) -> Result<usize, CurlError> {
    loop {
        match chars.get(i) {
            None => return Err(CurlError::UnterminatedQuote('\'')),
            Some('\'') => return Ok(i + 1),
            Some('\\') => {
                i += 1;
                let Some(&e) = chars.get(i) else {
                    return Err(CurlError::UnterminatedQuote('\''));
                };
                i += 1;
                let simple = match e {
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'e' | 'E' => Some('\u{1b}'),
                    'f' => Some('\u{c}'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'v' => Some('\u{b}'),
                    '\\' | '\'' | '"' | '?' => Some(e),
                    _ => None,
                };
                if let Some(c) = simple {
                    word.push_char(c);
                    continue;
                }
                match e {
                    'x' => {
                        let (v, n) = digits(chars, i, 16, 2);
                        if n == 0 {
                            word.push_char('\\');
                            word.push_char('x');
                        } else {
                            word.pending.push(v as u8);
                        }
                        i += n;
                    }
                    'u' | 'U' => {
                        let (v, n) = digits(chars, i, 16, if e == 'u' { 4 } else { 8 });
                        match char::from_u32(v) {
                            Some(c) if n > 0 => word.push_char(c),
                            _ => {
                                word.push_char('\\');
                                word.push_char(e);
                            }
                        }
                        i += n;
                    }
                    '0'..='7' => {
                        let (v, n) = digits(chars, i - 1, 8, 3);
                        word.pending.push((v & 0xff) as u8);
                        i += n - 1;
                    }
                    'c' => {
                        if let Some(&x) = chars.get(i) {
                            word.push_char(char::from((x as u8) & 0x1f));
                            i += 1;
                        }
                    }
                    other => {
                        word.push_char('\\');
                        word.push_char(other);
                    }
                }
            }
            Some(&c) => {
                word.push_char(c);
                i += 1;
            }
        }
    }
}

/// Up to `max` digits of `radix` at `i`: their value and how many there were.
fn digits(chars: &[char], i: usize, radix: u32, max: usize) -> (u32, usize) {
    let mut v = 0u32;
    let mut n = 0;
    while n < max {
        match chars.get(i + n).and_then(|c| c.to_digit(radix)) {
            Some(d) => {
                v = v * radix + d;
                n += 1;
            }
            None => break,
        }
    }
    (v, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> Vec<Vec<String>> {
        split_commands(input)
            .unwrap()
            .iter()
            .map(|c| c.iter().map(Text::display).collect())
            .collect()
    }

    #[test]
    fn quoting_like_bash() {
        let cases: &[(&str, &[&str])] = &[
            ("curl 'a b' c\\ d", &["curl", "a b", "c d"]),
            (r#"curl "say \"hi\" \n""#, &["curl", "say \"hi\" \\n"]),
            (
                r"curl $'it\'s\n\x41\u00e9\101\t'",
                &["curl", "it's\nAé\x41\t"],
            ),
            // UTF-8 bytes given one by one.
            (r"curl $'\xe2\x82\xac'", &["curl", "€"]),
            (
                "curl -H 'A: 1' \\\n  -H 'B: 2'",
                &["curl", "-H", "A: 1", "-H", "B: 2"],
            ),
            ("curl a\\\r\n b", &["curl", "a", "b"]),
            ("curl 'x'\"y\"z", &["curl", "xyz"]),
            ("curl ''", &["curl", ""]),
            (
                "curl -H \"Authorization: Bearer $TOKEN\" ${HOST}/x $5",
                &[
                    "curl",
                    "-H",
                    "Authorization: Bearer {{TOKEN}}",
                    "{{HOST}}/x",
                    "$5",
                ],
            ),
            ("curl '$NOT' # a comment", &["curl", "$NOT"]),
            ("curl a#b", &["curl", "a#b"]),
        ];
        for (input, want) in cases {
            assert_eq!(words(input), vec![want.to_vec()], "{input:?}");
        }
    }

    #[test]
    fn commands_split_at_separators() {
        assert_eq!(
            words("curl a | jq .\ncurl b && curl c; echo done"),
            vec![
                vec!["curl", "a"],
                vec!["jq", "."],
                vec!["curl", "b"],
                vec!["curl", "c"],
                vec!["echo", "done"]
            ]
        );
    }

    #[test]
    fn unterminated_quotes_and_bad_bytes_are_errors() {
        assert_eq!(
            split_commands("curl 'abc").unwrap_err(),
            CurlError::UnterminatedQuote('\'')
        );
        assert_eq!(
            split_commands("curl \"abc").unwrap_err(),
            CurlError::UnterminatedQuote('"')
        );
        assert_eq!(
            split_commands(r"curl $'\xff'").unwrap_err(),
            CurlError::NotUtf8
        );
    }
}
