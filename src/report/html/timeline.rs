//! Timelines: attempts (and the waits before retries) as bars placed on a time axis, the
//! run's wall time for the table's timeline column, an entry's own span for its waterfall.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use super::{esc, human};
use crate::report::model::{AttemptReport, EntryReport, Report, RunReport, Timestamp};

/// A time axis: `start` at 0 %, `start + span` at 100 %.
#[derive(Clone, Copy, Debug)]
pub(super) struct Scale {
    start: SystemTime,
    span: Duration,
}

impl Scale {
    /// The run's wall time.
    pub(super) fn of_run(report: &Report) -> Scale {
        Scale {
            start: report.started_at.0,
            span: report.duration_ms.0,
        }
    }

    /// From an entry's first attempt to the end of its last attempt or wait; none when it
    /// sent nothing.
    pub(super) fn of_entry(entry: &EntryReport) -> Option<Scale> {
        let attempts = || entry.runs.iter().flat_map(|r| &r.attempts);
        let start = attempts().map(|a| a.started_at.0).min()?;
        let end = attempts().map(|a| end_of(a, true)).max()?;
        Some(Scale {
            start,
            span: end.duration_since(start).unwrap_or_default(),
        })
    }

    /// Where `at` falls, in percent (0 to 100).
    fn at(&self, at: SystemTime) -> f64 {
        let offset = at.duration_since(self.start).unwrap_or_default();
        self.part(offset)
    }

    /// How much of the axis `d` covers, in percent (0 to 100).
    fn part(&self, d: Duration) -> f64 {
        if self.span.is_zero() {
            return 0.0;
        }
        (d.as_secs_f64() / self.span.as_secs_f64() * 100.0).clamp(0.0, 100.0)
    }

    /// The length of the axis.
    pub(super) fn span(&self) -> Duration {
        self.span
    }

    /// How long after the axis' start `at` is.
    pub(super) fn offset(&self, at: Timestamp) -> Duration {
        at.0.duration_since(self.start).unwrap_or_default()
    }
}

/// When an attempt ended (with `wait`: after the wait before the next one).
fn end_of(a: &AttemptReport, wait: bool) -> SystemTime {
    let end = a.started_at.0 + a.duration_ms.0;
    match a.retry_delay_ms {
        Some(delay) if wait => end + delay.0,
        _ => end,
    }
}

/// The bar's class: `ok`, `http-error` (a status of 400 or more) or `transport-error`.
fn class_of(a: &AttemptReport) -> &'static str {
    match (a.status, &a.error) {
        (_, Some(_)) => "transport-error",
        (Some(status), None) if status >= 400 => "http-error",
        _ => "ok",
    }
}

/// What an attempt was, for its tooltip and label.
pub(super) fn describe(run: &RunReport, a: &AttemptReport) -> String {
    format!(
        "run {} · attempt {}: {} in {}",
        run.number,
        a.number,
        a.result_text(),
        human(a.duration_ms.0)
    )
}

/// One attempt's bar and, when it was retried, its wait's bar.
pub(super) fn segments(out: &mut String, scale: &Scale, run: &RunReport, a: &AttemptReport) {
    let left = scale.at(a.started_at.0);
    let width = scale.part(a.duration_ms.0).min(100.0 - left);
    let _ = write!(
        out,
        "<span class=\"seg {}\" data-run=\"{}\" data-attempt=\"{}\" \
         style=\"left:{left:.3}%;width:{width:.3}%\" title=\"{}\"></span>",
        class_of(a),
        run.number,
        a.number,
        esc(&describe(run, a))
    );
    if let Some(delay) = a.retry_delay_ms {
        let left = scale.at(end_of(a, false));
        let width = scale.part(delay.0).min(100.0 - left);
        let _ = write!(
            out,
            "<span class=\"seg wait\" style=\"left:{left:.3}%;width:{width:.3}%\" \
             title=\"waited {} before attempt {}\"></span>",
            human(delay.0),
            a.number + 1
        );
    }
}

/// Every attempt of an entry on one bar.
pub(super) fn entry_bar(out: &mut String, scale: &Scale, entry: &EntryReport) {
    out.push_str("<div class=\"timeline\">");
    for run in &entry.runs {
        for a in &run.attempts {
            segments(out, scale, run, a);
        }
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{Millis, Outcome};

    fn attempt(
        number: u32,
        start_ms: u64,
        ms: u64,
        status: u16,
        delay: Option<u64>,
    ) -> AttemptReport {
        AttemptReport {
            number,
            started_at: Timestamp(SystemTime::UNIX_EPOCH + Duration::from_millis(start_ms)),
            duration_ms: Millis(Duration::from_millis(ms)),
            status: Some(status),
            error: None,
            retry_delay_ms: delay.map(|d| Millis(Duration::from_millis(d))),
            redirects: Vec::new(),
        }
    }

    #[test]
    fn bars_sit_where_attempts_and_waits_happened() {
        let run = RunReport {
            number: 1,
            outcome: Outcome::Passed,
            started_at: Timestamp(SystemTime::UNIX_EPOCH),
            duration_ms: Millis(Duration::from_millis(100)),
            request: "GET /".into(),
            status: Some(200),
            attempts: vec![
                attempt(1, 100, 100, 503, Some(300)),
                attempt(2, 500, 500, 200, None),
            ],
            redirects: Vec::new(),
            asserts: Vec::new(),
            captures: Vec::new(),
            problems: Vec::new(),
            request_headers: Vec::new(),
            response_headers: Vec::new(),
        };
        let entry = EntryReport {
            index: 1,
            name: "e".into(),
            line: 1,
            outcome: Outcome::Passed,
            skipped: false,
            skip_reason: None,
            duration_ms: Millis(Duration::from_millis(900)),
            requests: 2,
            transport_retries: 1,
            runs: vec![run],
        };
        let scale = Scale::of_entry(&entry).unwrap();
        assert_eq!(scale.span(), Duration::from_millis(900));
        let mut out = String::new();
        entry_bar(&mut out, &scale, &entry);
        assert!(out.contains("class=\"seg http-error\" data-run=\"1\" data-attempt=\"1\" style=\"left:0.000%;width:11.111%\""), "{out}");
        assert!(
            out.contains("class=\"seg wait\" style=\"left:11.111%;width:33.333%\""),
            "{out}"
        );
        assert!(out.contains("class=\"seg ok\" data-run=\"1\" data-attempt=\"2\" style=\"left:44.444%;width:55.556%\""), "{out}");
        // A zero-length axis puts everything at 0 %.
        let flat = Scale {
            start: SystemTime::UNIX_EPOCH,
            span: Duration::ZERO,
        };
        assert_eq!(flat.part(Duration::from_secs(1)), 0.0);
    }
}
