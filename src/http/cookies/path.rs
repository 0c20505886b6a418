//! Cookie paths as curl handles them: the default path, the sanitized form used for matching,
//! and the match itself.

/// The path a cookie gets when `Set-Cookie` has none: the request path up to and including its
/// last `/` (before any query). curl keeps the trailing slash (`/a/b/c` gives `/a/b/`), which
/// is what the jar file shows. `None` when the path has no `/` at all.
pub(crate) fn default_path(request_path: &str) -> Option<String> {
    let before_query = request_path.split('?').next().unwrap_or(request_path);
    let slash = before_query.rfind('/')?;
    Some(request_path[..=slash].to_string())
}

/// The form of a cookie path used for matching and replacement: surrounding double quotes
/// removed, `/` for anything not starting with `/`, else one trailing `/` removed (`/a/` is
/// `/a`, and `/` itself becomes the empty path, which matches everything, as in curl).
pub(crate) fn sanitize(path: &str) -> String {
    let p = path.strip_prefix('"').unwrap_or(path);
    let p = p.strip_suffix('"').unwrap_or(p);
    if !p.starts_with('/') {
        return "/".to_string();
    }
    p.strip_suffix('/').unwrap_or(p).to_string()
}

/// The part of a secure cookie's sanitized path that a non-secure cookie may not overlay: up
/// to the second `/` (`/login` of `/login/en`), empty for the root path (overlays everything).
pub(crate) fn first_segment(sanitized: &str) -> &str {
    match sanitized.get(1..).and_then(|rest| rest.find('/')) {
        Some(i) => &sanitized[..=i],
        None => sanitized,
    }
}

/// Whether a cookie with the sanitized path `cookie_path` goes with a request for `request_path`
/// (RFC 6265 path-match, case-sensitive): `/a` matches `/a`, `/a/` and `/a/b`, not `/ab`.
pub(crate) fn matches(cookie_path: &str, request_path: &str) -> bool {
    if cookie_path.len() == 1 {
        // The sanitized path of one character is "/".
        return true;
    }
    let uri = request_path.split('?').next().unwrap_or(request_path);
    let uri = if uri.starts_with('/') { uri } else { "/" };
    match uri.strip_prefix(cookie_path) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

#[cfg(test)]
#[path = "tests/path.rs"]
mod tests;
