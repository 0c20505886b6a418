//! Media types: parsing a `Content-Type`, and picking the `content` entry that describes it.

/// A media type's essence, lower-cased; parameters (`; charset=utf-8`) are dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MediaType {
    main: String,
    sub: String,
}

impl MediaType {
    /// Parses `type/subtype[; params]`; `None` when there is no `type/subtype`.
    pub fn parse(text: &str) -> Option<Self> {
        let essence = text.split(';').next()?.trim();
        let (main, sub) = essence.split_once('/')?;
        let (main, sub) = (main.trim(), sub.trim());
        if main.is_empty() || sub.is_empty() {
            return None;
        }
        Some(MediaType {
            main: main.to_ascii_lowercase(),
            sub: sub.to_ascii_lowercase(),
        })
    }

    /// `application/json` and any `+json` suffix type.
    pub fn is_json(&self) -> bool {
        self.sub == "json" || self.sub.ends_with("+json")
    }

    /// `text/*`.
    pub fn is_text(&self) -> bool {
        self.main == "text"
    }

    /// How well a documented key (possibly a range) covers `self`: lower is better.
    fn rank(&self, key: &MediaType) -> Option<u8> {
        match (key.main.as_str(), key.sub.as_str()) {
            ("*", "*") => Some(2),
            (main, "*") if main == self.main => Some(1),
            (main, sub) if main == self.main && sub == self.sub => Some(0),
            _ => None,
        }
    }
}

/// Which documented media type describes `actual`: an exact type before `type/*` before
/// `*/*`. `documented` holds the parsed `content` keys (`None` for unparsable ones).
pub(crate) fn select<'k>(
    actual: &MediaType,
    documented: impl Iterator<Item = Option<&'k MediaType>>,
) -> Option<usize> {
    documented
        .enumerate()
        .filter_map(|(index, key)| actual.rank(key?).map(|rank| (rank, index)))
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, index)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing() {
        let parsed = MediaType::parse("Application/JSON; charset=UTF-8").expect("valid");
        assert_eq!(parsed, MediaType::parse("application/json").expect("valid"));
        assert!(parsed.is_json());
        assert!(MediaType::parse("application/problem+json").is_some_and(|m| m.is_json()));
        assert!(MediaType::parse("text/plain").is_some_and(|m| m.is_text() && !m.is_json()));
        for bad in ["", "json", "application/", "/json"] {
            assert_eq!(MediaType::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn selection_prefers_the_most_specific_key() {
        let keys = [
            "*/*",
            "application/*",
            "application/json; charset=utf-8",
            "text/plain",
            "bogus",
        ];
        let parsed: Vec<Option<MediaType>> = keys.iter().map(|k| MediaType::parse(k)).collect();
        let cases = [
            ("application/json", Some(2)),
            ("application/xml", Some(1)),
            ("image/png", Some(0)),
            ("text/plain; charset=ascii", Some(3)),
        ];
        for (actual, expected) in cases {
            let actual = MediaType::parse(actual).expect("valid");
            assert_eq!(select(&actual, parsed.iter().map(Option::as_ref)), expected);
        }
        let actual = MediaType::parse("text/html").expect("valid");
        let json = [MediaType::parse("application/json")];
        assert_eq!(select(&actual, json.iter().map(Option::as_ref)), None);
    }
}
