//! The syntax tree of a spec file: Hurl 8 plus sortie's extensions.
//!
//! Every node that a later stage may report on carries a [`Span`], so that runtime and
//! assertion errors can point at the exact characters of the spec that caused them.

use super::options::{ConnectionType, EntryOption};

/// A half-open range of source text, as byte offsets; lines and columns are computed when
/// it is shown (see [`LineIndex`](super::source::LineIndex)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset of the node's first character.
    pub start: u32,
    /// Byte offset just after the node's last character.
    pub end: u32,
}

impl Span {
    /// The span from byte `start` to byte `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: offset(start),
            end: offset(end.max(start)),
        }
    }

    /// The span's bytes as a range, to slice the source with.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The first character only (for a caret under a place that has no extent).
    pub fn first(&self) -> Span {
        Span {
            start: self.start,
            end: self.start,
        }
    }
}

/// A byte offset as stored in spans: sources are limited to 4 GiB by the reader.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value with the span it was parsed from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The parsed value.
    pub value: T,
    /// Where it stands in the source.
    pub span: Span,
}

/// A whole spec file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpecFile {
    /// `[Connection NAME]` blocks declared before the first entry.
    pub connections: Vec<ConnectionBlock>,
    /// Entries, in file order.
    pub entries: Vec<Entry>,
}

/// One request with its optional expected response.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The entry's name: the comment directly above the request line, or `METHOD url`.
    pub name: String,
    /// True when the name came from a comment line.
    pub named_by_comment: bool,
    /// The request to send.
    pub request: Request,
    /// What the response must look like, if anything.
    pub response: Option<Response>,
    /// Hurl's experimental cookie commands in the comment lines before the request.
    pub cookie_storage: Option<Box<CookieStorage>>,
}

/// `# @cookie_storage_set: LINE` and `# @cookie_storage_clear` above a request (Hurl's
/// experimental commands): applied to the file's cookie store before the request, the set
/// first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieStorage {
    /// The Netscape cookie line of the first `@cookie_storage_set:`.
    pub set: Option<String>,
    /// Whether some comment says `@cookie_storage_clear`.
    pub clear: bool,
}

/// A request: method line, headers, sections and body.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The method as written (`GET`, `POST`, or any upper-case token).
    pub method: Spanned<String>,
    /// The URL template.
    pub url: Template,
    /// Header lines, in order (repeats kept).
    pub headers: Vec<KeyValue>,
    /// `[Query]` / `[QueryStringParams]`.
    pub query: Option<Box<Section<KeyValue>>>,
    /// `[Form]` / `[FormParams]`.
    pub form: Option<Box<Section<KeyValue>>>,
    /// `[Multipart]` / `[MultipartFormData]`.
    pub multipart: Option<Box<Section<MultipartParam>>>,
    /// `[Cookies]`.
    pub cookies: Option<Box<Section<KeyValue>>>,
    /// `[Options]`.
    pub options: Option<Box<Section<EntryOption>>>,
    /// `[BasicAuth]` (at most one `user: password` line).
    pub basic_auth: Option<Box<Section<KeyValue>>>,
    /// The request body.
    pub body: Option<Box<Body>>,
    /// Span of the request line (method and URL).
    pub span: Span,
}

/// The expected response: status line, headers, sections and body.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Expected HTTP version.
    pub version: Spanned<Version>,
    /// Expected status code, or any.
    pub status: Spanned<Status>,
    /// Expected headers (implicit asserts).
    pub headers: Vec<KeyValue>,
    /// `[Captures]`.
    pub captures: Option<Box<Section<Capture>>>,
    /// `[Asserts]`.
    pub asserts: Option<Box<Section<Assert>>>,
    /// Expected body (implicit assert).
    pub body: Option<Box<Body>>,
    /// Span of the status line.
    pub span: Span,
}

/// A section's items with the span of its `[Header]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Section<T> {
    /// The header line, e.g. `[Asserts]`.
    pub span: Span,
    /// The items, in order.
    pub items: Vec<T>,
}

/// The HTTP version on a status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// `HTTP/1.0`
    Http10,
    /// `HTTP/1.1`
    Http11,
    /// `HTTP/2`
    Http2,
    /// `HTTP/3`
    Http3,
    /// `HTTP`: any version.
    Any,
}

/// The status on a status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A specific code.
    Code(u16),
    /// `*`: any status.
    Any,
}

/// A `key: value` line (headers, query, form, cookies, basic auth).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyValue {
    /// The key.
    pub key: Template,
    /// The value (rest of the line, trimmed, comments removed).
    pub value: Template,
    /// The whole line.
    pub span: Span,
}

/// A `[Multipart]` line.
#[derive(Clone, Debug, PartialEq)]
pub enum MultipartParam {
    /// `name: value`
    Field(KeyValue),
    /// `name: file,path; type; filename=sent-name`
    File(FileParam),
}

/// A multipart file part.
#[derive(Clone, Debug, PartialEq)]
pub struct FileParam {
    /// Part name.
    pub key: Template,
    /// Path of the file to send, relative to the spec's folder or `--file-root`.
    pub path: Template,
    /// Content type given after `;`, if any.
    pub content_type: Option<String>,
    /// The file name sent, when it differs from the path (`filename=` extension).
    pub filename: Option<Template>,
    /// The whole line.
    pub span: Span,
}

/// The parts of a template: inline room for one.
pub type TemplateParts = smallvec::SmallVec<[TemplatePart; 1]>;

/// A text with `{{…}}` expressions.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// Literal text and expressions, in order. Most templates are one literal, kept inline
    /// (no separate allocation).
    pub parts: TemplateParts,
    /// Where the template stands.
    pub span: Span,
}

impl Template {
    /// A template made of one literal text.
    pub fn literal(text: &str, span: Span) -> Template {
        let parts = if text.is_empty() {
            TemplateParts::new()
        } else {
            smallvec::smallvec![TemplatePart::Literal(text.into())]
        };
        Template { parts, span }
    }

    /// The text when the template has no expression.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Literal(s) => out.push_str(s),
                TemplatePart::Expr(_) => return None,
            }
        }
        Some(out)
    }
}

impl std::fmt::Display for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in &self.parts {
            match part {
                TemplatePart::Literal(s) => f.write_str(s)?,
                TemplatePart::Expr(e) => write!(f, "{e}")?,
            }
        }
        Ok(())
    }
}

/// A piece of a template.
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Text taken as is (escapes already decoded); short texts are kept inline.
    Literal(compact_str::CompactString),
    /// `{{ … }}`
    Expr(Box<Expr>),
}

/// The inside of `{{ … }}`: a variable or a function call.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What is evaluated.
    pub kind: ExprKind,
    /// Span of the expression inside the braces.
    pub span: Span,
}

/// A template expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A variable name.
    Variable(String),
    /// A built-in function with its arguments (`newUuid`, `randomInt 1 9`, `getEnv "HOME"`).
    Function {
        /// Function name.
        name: String,
        /// Literal arguments.
        args: Vec<Literal>,
    },
}

impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ExprKind::Variable(name) => write!(f, "{{{{{name}}}}}"),
            ExprKind::Function { name, args } => {
                write!(f, "{{{{{name}")?;
                for arg in args {
                    match arg {
                        Literal::Integer(n) => write!(f, " {n}")?,
                        Literal::String(s) => write!(f, " {s:?}")?,
                    }
                }
                write!(f, "}}}}")
            }
        }
    }
}

/// A literal function argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// An integer.
    Integer(i64),
    /// A quoted string.
    String(String),
}

/// A request or response body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// The kind of body and its content.
    pub kind: BodyKind,
    /// Where the body stands.
    pub span: Span,
}

/// Every body form of Hurl 8.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    /// A JSON value (templates allowed).
    Json(Box<JsonBody>),
    /// An XML document, verbatim.
    Xml(String),
    /// A ```` ``` ```` block.
    Multiline(Box<MultilineString>),
    /// A `` `…` `` one-line string.
    Oneline(Template),
    /// `base64,…;`
    Base64(Vec<u8>),
    /// `hex,…;`
    Hex(Vec<u8>),
    /// `file,path;`
    File(Template),
}

/// A JSON body: its value (an expected body is compared by meaning) and its text as written
/// (a request body is sent byte for byte, as Hurl sends it).
#[derive(Clone, Debug, PartialEq)]
pub struct JsonBody {
    /// The value.
    pub value: JsonValue,
    /// The text as written, cut at its `{{…}}` expressions.
    pub pieces: Vec<JsonPiece>,
}

/// A piece of a JSON body's text.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonPiece {
    /// Text sent as written (whitespace and escapes included).
    Text(String),
    /// `{{…}}` inside a string: its text, JSON-escaped.
    InString(Box<Expr>),
    /// `{{…}}` in value position: its text, which must be a JSON number, boolean or null.
    Value(Box<Expr>),
}

/// A ```` ```lang,attr ```` block.
#[derive(Clone, Debug, PartialEq)]
pub struct MultilineString {
    /// Language hint (`json`, `xml`, `graphql`, `raw`), if any.
    pub lang: Option<String>,
    /// The content (for ```` ```graphql ````, the query only).
    pub content: Template,
    /// ```` ```graphql ````: the `variables { … }` object after the query.
    pub graphql_variables: Option<Box<JsonBody>>,
}

/// A JSON value whose strings and values may hold templates.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string (escapes decoded).
    String(Template),
    /// An array.
    Array(Vec<JsonValue>),
    /// An object, members in source order.
    Object(Vec<(Template, JsonValue)>),
    /// A bare `{{…}}` in value position.
    Expr(Box<Expr>),
}

/// `name: query filters… [redact]`
#[derive(Clone, Debug, PartialEq)]
pub struct Capture {
    /// The variable name.
    pub name: Template,
    /// What is read from the response.
    pub query: Query,
    /// Filters applied in order.
    pub filters: Vec<Filter>,
    /// True when the captured value is a secret.
    pub redact: bool,
    /// The whole line.
    pub span: Span,
}

/// `query filters… predicate`
#[derive(Clone, Debug, PartialEq)]
pub struct Assert {
    /// What is read from the response.
    pub query: Query,
    /// Filters applied in order.
    pub filters: Vec<Filter>,
    /// The check.
    pub predicate: Predicate,
    /// The whole line.
    pub span: Span,
}

/// A query with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Which query.
    pub kind: QueryKind,
    /// Where it stands.
    pub span: Span,
}

/// The 18 query types of Hurl 8.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryKind {
    /// `status`
    Status,
    /// `version`
    Version,
    /// `url`
    Url,
    /// `ip`
    Ip,
    /// `redirects`
    Redirects,
    /// `header "name"`
    Header(Template),
    /// `cookie "name[Attribute]"`
    Cookie(Box<CookiePath>),
    /// `body`
    Body,
    /// `bytes`
    Bytes,
    /// `rawbytes`
    RawBytes,
    /// `xpath "expr"`
    Xpath(Template),
    /// `jsonpath "expr"`
    Jsonpath(Template),
    /// `regex "expr"` or `regex /expr/`
    Regex(RegexValue),
    /// `variable "name"`
    Variable(Template),
    /// `duration`
    Duration,
    /// `sha256`
    Sha256,
    /// `md5`
    Md5,
    /// `certificate "Field"`
    Certificate(CertificateField),
}

/// `name` or `name[Attribute]` of a cookie query.
#[derive(Clone, Debug, PartialEq)]
pub struct CookiePath {
    /// The cookie's name.
    pub name: Template,
    /// The attribute read, if any.
    pub attribute: Option<CookieAttribute>,
}

/// Cookie attributes a query can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CookieAttribute {
    /// `Value`
    Value,
    /// `Expires`
    Expires,
    /// `Max-Age`
    MaxAge,
    /// `Domain`
    Domain,
    /// `Path`
    Path,
    /// `Secure`
    Secure,
    /// `HttpOnly`
    HttpOnly,
    /// `SameSite`
    SameSite,
}

/// Fields of the `certificate` query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateField {
    /// `Subject`
    Subject,
    /// `Issuer`
    Issuer,
    /// `Start-Date`
    StartDate,
    /// `Expire-Date`
    ExpireDate,
    /// `Serial-Number`
    SerialNumber,
    /// `Subject-Alt-Name`
    SubjectAltName,
    /// `Value` (the certificate as PEM)
    Value,
}

/// A regex argument: a `/literal/` or a quoted template.
#[derive(Clone, Debug, PartialEq)]
pub enum RegexValue {
    /// `"…"` (may hold templates).
    Template(Template),
    /// `/…/`, with the pattern as written between the slashes (`\/` decoded).
    Literal(Spanned<String>),
}

/// A filter with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// Which filter.
    pub kind: FilterKind,
    /// Where it stands.
    pub span: Span,
}

/// The 33 filters of Hurl 8.
#[derive(Clone, Debug, PartialEq)]
pub enum FilterKind {
    /// `base64Decode`
    Base64Decode,
    /// `base64Encode`
    Base64Encode,
    /// `base64UrlSafeDecode`
    Base64UrlSafeDecode,
    /// `base64UrlSafeEncode`
    Base64UrlSafeEncode,
    /// `charsetDecode "encoding"`
    CharsetDecode(Template),
    /// `count`
    Count,
    /// `dateFormat "fmt"`
    DateFormat(Template),
    /// `daysAfterNow`
    DaysAfterNow,
    /// `daysBeforeNow`
    DaysBeforeNow,
    /// `decode "encoding"`
    Decode(Template),
    /// `first`
    First,
    /// `format "fmt"`
    Format(Template),
    /// `htmlEscape`
    HtmlEscape,
    /// `htmlUnescape`
    HtmlUnescape,
    /// `jsonpath "expr"`
    Jsonpath(Template),
    /// `last`
    Last,
    /// `location`
    Location,
    /// `nth N` (negative counts from the end)
    Nth(IntegerArg),
    /// `regex "re"` / `regex /re/`
    Regex(RegexValue),
    /// `replace "old" "new"` (or `/re/ "new"`)
    Replace(Box<Replacement>),
    /// `replaceRegex "re" "new"`
    ReplaceRegex(Box<Replacement>),
    /// `split "sep"`
    Split(Template),
    /// `toDate "fmt"`
    ToDate(Template),
    /// `toFloat`
    ToFloat,
    /// `toHex`
    ToHex,
    /// `toInt`
    ToInt,
    /// `toString`
    ToString,
    /// `urlDecode`
    UrlDecode,
    /// `urlEncode`
    UrlEncode,
    /// `urlQueryParam "name"`
    UrlQueryParam(Template),
    /// `utf8Decode`
    Utf8Decode,
    /// `utf8Encode`
    Utf8Encode,
    /// `xpath "expr"`
    Xpath(Template),
}

/// The arguments of `replace` and `replaceRegex`.
#[derive(Clone, Debug, PartialEq)]
pub struct Replacement {
    /// What is replaced.
    pub pattern: RegexValue,
    /// What it is replaced with.
    pub with: Template,
}

/// An integer argument that may be a template.
#[derive(Clone, Debug, PartialEq)]
pub enum IntegerArg {
    /// A literal.
    Literal(i64),
    /// `{{…}}`
    Template(Template),
}

/// `[not] predicate-function [value]`
#[derive(Clone, Debug, PartialEq)]
pub struct Predicate {
    /// True for `not …`.
    pub not: bool,
    /// The function and its expected value.
    pub func: PredicateFunc,
    /// Where it stands (from `not` when present).
    pub span: Span,
}

/// A predicate function.
#[derive(Clone, Debug, PartialEq)]
pub enum PredicateFunc {
    /// `==` / `equals`
    Equal(PredicateValue),
    /// `!=` / `notEquals`
    NotEqual(PredicateValue),
    /// `>` / `greaterThan`
    Greater(PredicateValue),
    /// `>=` / `greaterThanOrEquals`
    GreaterOrEqual(PredicateValue),
    /// `<` / `lessThan`
    Less(PredicateValue),
    /// `<=` / `lessThanOrEquals`
    LessOrEqual(PredicateValue),
    /// `startsWith`
    StartWith(PredicateValue),
    /// `endsWith`
    EndWith(PredicateValue),
    /// `contains`
    Contain(PredicateValue),
    /// `includes` (deprecated in Hurl, kept for compatibility)
    Include(PredicateValue),
    /// `matches`
    Match(PredicateValue),
    /// `matchesSchema` (sortie extension): the value is valid against a JSON Schema given as
    /// `file,schema.json;`, an inline JSON object or a `{{variable}}`.
    MatchesSchema(PredicateValue),
    /// `exists`
    Exist,
    /// `isBoolean`
    IsBoolean,
    /// `isCollection`
    IsCollection,
    /// `isDate`
    IsDate,
    /// `isEmpty`
    IsEmpty,
    /// `isFloat`
    IsFloat,
    /// `isInteger`
    IsInteger,
    /// `isIpv4`
    IsIpv4,
    /// `isIpv6`
    IsIpv6,
    /// `isIsoDate`
    IsIsoDate,
    /// `isList`
    IsList,
    /// `isNumber`
    IsNumber,
    /// `isObject`
    IsObject,
    /// `isString`
    IsString,
    /// `isUuid`
    IsUuid,
}

/// The expected value of a predicate.
#[derive(Clone, Debug, PartialEq)]
pub struct PredicateValue {
    /// The value.
    pub kind: PredicateValueKind,
    /// Where it stands.
    pub span: Span,
}

/// Every kind of predicate value.
#[derive(Clone, Debug, PartialEq)]
pub enum PredicateValueKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A quoted string.
    String(Template),
    /// A `` `…` `` or ```` ``` ```` string.
    Multiline(Box<MultilineString>),
    /// `base64,…;`
    Base64(Vec<u8>),
    /// `hex,…;`
    Hex(Vec<u8>),
    /// `file,path;`
    File(Template),
    /// `/regex/`
    Regex(String),
    /// A bare `{{…}}`.
    Expr(Box<Expr>),
    /// A JSON object or array (sortie extension), compared by meaning.
    Json(JsonValue),
}

/// A number literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    /// Fits in an i64.
    Integer(i64),
    /// A float, with its source text for exact display.
    Float(f64, String),
    /// An integer too large for i64, as written.
    BigInteger(String),
}

/// A `[Connection NAME]` block.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectionBlock {
    /// The connection's name.
    pub name: Spanned<String>,
    /// Its `type:`.
    pub kind: Spanned<ConnectionType>,
    /// Every other `key: value` line, in order (`header`, `param` may repeat).
    pub settings: Vec<ConnectionSetting>,
    /// The `[Connection NAME]` line.
    pub span: Span,
}

/// One `key: value` line of a connection block.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectionSetting {
    /// The key, e.g. `token-url`.
    pub key: Spanned<String>,
    /// The value template.
    pub value: Template,
}
