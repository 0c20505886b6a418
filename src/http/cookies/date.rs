//! The date parser curl uses for a cookie's `Expires` attribute.
//!
//! curl does not follow one date grammar: it reads up to six words and numbers in any order and
//! guesses what each one is (weekday, month, time zone, `hh:mm[:ss]`, day, year, `YYYYMMDD`,
//! `+hhmm`). This module reproduces that guessing, so a cookie expires exactly when it would in
//! Hurl: see `oracle/results/dates.txt` for the dates checked against the real binary.

/// Full weekday names, Monday first (curl compares names longer than 3 letters to these).
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month abbreviations: curl accepts no other month spelling ("January" fails the date).
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Zone names curl knows, with their offset in minutes west of UTC (the sign curl adds).
const ZONES: &[(&str, i64)] = &[
    ("GMT", 0),
    ("UT", 0),
    ("UTC", 0),
    ("WET", 0),
    ("BST", -60),
    ("WAT", 60),
    ("AST", 240),
    ("ADT", 180),
    ("EST", 300),
    ("EDT", 240),
    ("CST", 360),
    ("CDT", 300),
    ("MST", 420),
    ("MDT", 360),
    ("PST", 480),
    ("PDT", 420),
    ("YST", 540),
    ("YDT", 480),
    ("HST", 600),
    ("HDT", 540),
    ("CAT", 600),
    ("AHST", 600),
    ("NT", 660),
    ("IDLW", 720),
    ("CET", -60),
    ("MET", -60),
    ("MEWT", -60),
    ("MEST", -120),
    ("CEST", -120),
    ("MESZ", -120),
    ("FWT", -60),
    ("FST", -120),
    ("EET", -120),
    ("WAST", -420),
    ("WADT", -480),
    ("CCT", -480),
    ("JST", -540),
    ("EAST", -600),
    ("EADT", -660),
    ("GST", -600),
    ("NZT", -720),
    ("NZST", -720),
    ("NZDT", -780),
    ("IDLE", -720),
    // Military zones, with the signs of actual military usage; "J" (local time) is absent.
    ("A", 60),
    ("B", 120),
    ("C", 180),
    ("D", 240),
    ("E", 300),
    ("F", 360),
    ("G", 420),
    ("H", 480),
    ("I", 540),
    ("K", 600),
    ("L", 660),
    ("M", 720),
    ("N", -60),
    ("O", -120),
    ("P", -180),
    ("Q", -240),
    ("R", -300),
    ("S", -360),
    ("T", -420),
    ("U", -480),
    ("V", -540),
    ("W", -600),
    ("X", -660),
    ("Y", -720),
    ("Z", 0),
];

/// What the next bare number is taken for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NumberRole {
    Day,
    Year,
}

/// The fields found so far; `None` is curl's "-1, not seen".
#[derive(Default)]
struct Fields {
    weekday: Option<usize>,
    month: Option<i64>,
    day: Option<i64>,
    hour: Option<i64>,
    minute: Option<i64>,
    second: Option<i64>,
    year: Option<i64>,
    /// Seconds to add to the local time to get UTC.
    zone: Option<i64>,
}

/// Parses `text` as curl parses an `Expires` date: `Some(unix seconds)`, or `None` when curl
/// fails the date (the cookie then becomes a session cookie).
///
/// A date that lands exactly on -1 is returned as 0, as curl does to keep -1 for "failed".
pub(crate) fn parse_expires(text: &str) -> Option<i64> {
    let t = parse(text.as_bytes())?;
    Some(if t == -1 { 0 } else { t })
}

fn parse(b: &[u8]) -> Option<i64> {
    let mut f = Fields::default();
    let mut next_number = NumberRole::Day;
    let mut i = 0;
    let mut parts = 0;
    while i < b.len() && parts < 6 {
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i < b.len() && b[i].is_ascii_alphabetic() {
            // curl reads at most 31 letters as one word; the rest is the next word.
            let len = b[i..]
                .iter()
                .take(31)
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            word(&b[i..i + len], &mut f)?;
            i += len;
        } else if i < b.len() {
            i = number(b, i, &mut f, &mut next_number)?;
        }
        parts += 1;
    }
    finish(&f)
}

/// A word is the weekday, else the month, else the zone; anything else fails the date.
fn word(w: &[u8], f: &mut Fields) -> Option<()> {
    if f.weekday.is_none() {
        // Longer than 3 letters: a full name; else an abbreviation.
        let name = |d: &&str| {
            let d = d.as_bytes();
            let d = if w.len() > 3 { d } else { &d[..3] };
            d.eq_ignore_ascii_case(w)
        };
        if let Some(n) = WEEKDAYS.iter().position(name) {
            f.weekday = Some(n);
            return Some(());
        }
    }
    if f.month.is_none() {
        if let Some(m) = MONTHS
            .iter()
            .position(|m| m.as_bytes().eq_ignore_ascii_case(w))
        {
            f.month = Some(m as i64);
            return Some(());
        }
    }
    if f.zone.is_none() {
        if let Some((_, minutes)) = ZONES
            .iter()
            .find(|(z, _)| z.as_bytes().eq_ignore_ascii_case(w))
        {
            f.zone = Some(minutes * 60);
            return Some(());
        }
    }
    None
}

/// Reads a number at `start` (a digit): a time, a `+hhmm` zone, `YYYYMMDD`, a day or a year.
/// Returns where reading stops.
fn number(b: &[u8], start: usize, f: &mut Fields, next: &mut NumberRole) -> Option<usize> {
    if f.second.is_none() {
        if let Some((h, m, s, end)) = clock(b, start) {
            f.hour = Some(h);
            f.minute = Some(m);
            // A second of -1 ("12:30:-1") is curl's "no time yet": a later time may still come.
            f.second = Some(s.unwrap_or(0)).filter(|&s| s != -1);
            return Some(end);
        }
    }
    let digits = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
    let end = start + digits;
    // strtol into an int: anything beyond i32 fails the date.
    let val: i64 = std::str::from_utf8(&b[start..end])
        .ok()?
        .parse::<i32>()
        .ok()?
        .into();
    let mut found = false;
    if f.zone.is_none()
        && digits == 4
        && val <= 1400
        && start > 0
        && (b[start - 1] == b'+' || b[start - 1] == b'-')
    {
        let offset = (val / 100 * 60 + val % 100) * 60;
        f.zone = Some(if b[start - 1] == b'+' {
            -offset
        } else {
            offset
        });
        found = true;
    }
    if digits == 8 && f.year.is_none() && f.month.is_none() && f.day.is_none() {
        f.year = Some(val / 10000);
        // Month "00" gives curl's "-1, not seen": a month name may still set it.
        f.month = Some((val % 10000) / 100 - 1).filter(|&m| m != -1);
        f.day = Some(val % 100);
        found = true;
    }
    if !found && *next == NumberRole::Day && f.day.is_none() {
        if val > 0 && val < 32 {
            f.day = Some(val);
            found = true;
        }
        *next = NumberRole::Year;
    }
    if !found && *next == NumberRole::Year && f.year.is_none() {
        let year = match val {
            0..=70 => val + 2000,
            71..=99 => val + 1900,
            _ => val,
        };
        f.year = Some(year);
        found = true;
        if f.day.is_none() {
            *next = NumberRole::Day;
        }
    }
    found.then_some(end)
}

/// `hh:mm:ss` or `hh:mm` read the way `sscanf("%02d:%02d:%02d")` reads them: each number is
/// at most two characters (a sign counts), whitespace before a number is skipped.
fn clock(b: &[u8], start: usize) -> Option<(i64, i64, Option<i64>, usize)> {
    let (h, i) = scan_2d(b, start)?;
    let i = colon(b, i)?;
    let (m, i) = scan_2d(b, i)?;
    match colon(b, i).and_then(|j| scan_2d(b, j)) {
        Some((s, end)) => Some((h, m, Some(s), end)),
        None => Some((h, m, None, i)),
    }
}

fn colon(b: &[u8], i: usize) -> Option<usize> {
    (b.get(i) == Some(&b':')).then_some(i + 1)
}

/// One `%02d` conversion: C whitespace skipped, then up to 2 characters of sign and digits.
fn scan_2d(b: &[u8], mut i: usize) -> Option<(i64, usize)> {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        i += 1;
    }
    let mut width = 2;
    let mut negative = false;
    if let Some(&sign @ (b'+' | b'-')) = b.get(i) {
        negative = sign == b'-';
        i += 1;
        width -= 1;
    }
    let digits = b[i.min(b.len())..]
        .iter()
        .take(width)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let mut v = 0i64;
    for &c in &b[i..i + digits] {
        v = v * 10 + i64::from(c - b'0');
    }
    Some((if negative { -v } else { v }, i + digits))
}

/// Checks the fields as curl does and computes the UTC time.
fn finish(f: &Fields) -> Option<i64> {
    let (hour, minute, second) = match f.second {
        Some(s) => (f.hour.unwrap_or(0), f.minute.unwrap_or(0), s),
        None => (0, 0, 0),
    };
    let (day, month, year) = (f.day?, f.month?, f.year?);
    // Before the Gregorian calendar: curl refuses (64-bit time_t).
    if year < 1583 {
        return None;
    }
    if day > 31 || month > 11 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let month = usize::try_from(month).ok()?;
    let t = to_epoch(second, minute, hour, day, month, year);
    let zone = f.zone.unwrap_or(0);
    Some(if zone > 0 && t > i64::MAX - zone {
        i64::MAX
    } else {
        t + zone
    })
}

/// Seconds since the epoch of a UTC calendar time; days past a month's end roll over.
fn to_epoch(sec: i64, min: i64, hour: i64, mday: i64, mon: usize, year: i64) -> i64 {
    const CUMULATIVE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap_base = year - i64::from(mon <= 1);
    let leap_days =
        leap_base / 4 - leap_base / 100 + leap_base / 400 - 1969 / 4 + 1969 / 100 - 1969 / 400;
    ((((year - 1970) * 365 + leap_days + CUMULATIVE[mon] + mday - 1) * 24 + hour) * 60 + min) * 60
        + sec
}

#[cfg(test)]
#[path = "tests/date.rs"]
mod tests;
