//! Writing spec files: text escaping, JSON bodies, entries and connection blocks.

pub(crate) mod connection;
pub(crate) mod entry;
pub(crate) mod json;
pub(crate) mod text;

use connection::Connection;
use entry::Entry;

/// A whole spec file: leading comments, connection blocks, then entries, each part
/// separated by a blank line.
pub(crate) fn spec_text(
    header: &[String],
    connections: &[Connection],
    entries: &[Entry],
) -> String {
    let mut blocks: Vec<String> = Vec::new();
    if !header.is_empty() {
        let mut h = String::new();
        for line in header {
            entry::comment(&mut h, line);
        }
        blocks.push(h);
    }
    blocks.extend(connections.iter().map(Connection::render));
    blocks.extend(entries.iter().map(Entry::render));
    blocks.join("\n")
}

/// `text` on one line: line breaks and runs of spaces become one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
