//! The contract section of the HTML page (`--openapi`): the coverage line, every operation
//! with the statuses seen and the responses never exercised, and the undocumented requests.

use std::fmt::Write as _;

use super::esc;
use crate::report::model::contract::coverage_line;
use crate::report::model::{ContractReport, Outcome};

/// Writes the section.
pub(super) fn contract_section(out: &mut String, contract: &ContractReport) {
    let c = &contract.coverage;
    let openapi = serde_json::to_value(contract.openapi)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<section id=\"contract\" class=\"contract\" data-operations-exercised=\"{}\" \
         data-operations-total=\"{}\" data-responses-exercised=\"{}\" data-responses-total=\"{}\" \
         data-undocumented=\"{}\">\n<h2>contract <span class=\"where\">{} · OpenAPI {}</span>",
        c.operations_exercised,
        c.operations_total,
        c.responses_exercised,
        c.responses_total,
        c.undocumented_requests,
        esc(&contract.document),
        esc(&openapi)
    );
    if let Some(required) = contract.required_coverage {
        let verdict = if contract.below_required() {
            Outcome::Failed
        } else {
            Outcome::Passed
        };
        let _ = write!(
            out,
            "<span class=\"badge {0}\">{1:.1}% of operations · required {2}%</span>",
            verdict.name(),
            contract.operations_percent,
            required
        );
    }
    let _ = writeln!(
        out,
        "</h2>\n<p class=\"coverage\">{}</p>",
        esc(&coverage_line(c))
    );
    out.push_str(
        "<table class=\"kv contract-operations\">\n<thead><tr><th>operation</th>\
         <th>statuses seen</th><th>responses exercised</th><th>never exercised</th></tr></thead>\n<tbody>\n",
    );
    for op in &c.operations {
        let exercised = !op.statuses_seen.is_empty();
        let mut seen: Vec<String> = op.statuses_seen.iter().map(u16::to_string).collect();
        for s in &mut seen {
            if op.undocumented_statuses.iter().any(|u| u.to_string() == *s) {
                s.push_str(" (undocumented)");
            }
        }
        let _ = writeln!(
            out,
            "<tr class=\"{}\" data-operation=\"{}\"><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if exercised { "exercised" } else { "never" },
            esc(&op.operation),
            esc(&op.operation),
            cell(&seen.join(", ")),
            cell(&op.responses_seen.join(", ")),
            cell(&op.responses_never_seen.join(", "))
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if !c.undocumented.is_empty() {
        out.push_str(
            "<h3>undocumented requests</h3>\n<table class=\"kv contract-undocumented\">\n\
             <thead><tr><th>request</th><th>count</th><th>statuses</th></tr></thead>\n<tbody>\n",
        );
        for u in &c.undocumented {
            let statuses: Vec<String> = u.statuses.iter().map(u16::to_string).collect();
            let _ = writeln!(
                out,
                "<tr><td class=\"mono\">{} {}</td><td>{}</td><td>{}</td></tr>",
                esc(&u.method),
                esc(&u.path),
                u.count,
                esc(&statuses.join(", "))
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

/// A table cell's text, or a muted dash when empty.
fn cell(text: &str) -> String {
    if text.is_empty() {
        "<span class=\"none\">—</span>".to_string()
    } else {
        esc(text)
    }
}
