//! The syntax tree of a compiled JSONPath query (RFC 9535, as Hurl 8 parses it).

use regex::Regex;

/// A query: `$` or `@` followed by segments.
#[derive(Debug, Clone)]
pub(super) struct Query {
    pub(super) origin: Origin,
    pub(super) segments: Vec<Segment>,
}

/// Where a query starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// `$`: the document root.
    Root,
    /// `@`: the node a filter is testing.
    Current,
}

#[derive(Debug, Clone)]
pub(super) enum Segment {
    /// `[…]`, `.name` or `.*`: selects among the children of each node.
    Child(Vec<Selector>),
    /// `..[…]`, `..name` or `..*`: selects among each node and all its descendants.
    Descendant(Vec<Selector>),
}

#[derive(Debug, Clone)]
pub(super) enum Selector {
    Name(String),
    Wildcard,
    Index(i64),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: i64,
    },
    Filter(LogicalExpr),
}

#[derive(Debug, Clone)]
pub(super) enum LogicalExpr {
    Or(Vec<LogicalExpr>),
    And(Vec<LogicalExpr>),
    Not(Box<LogicalExpr>),
    Comparison(Box<Comparison>),
    Test { negated: bool, test: Test },
}

/// A test expression: a query that selects something, or a `match`/`search` call.
#[derive(Debug, Clone)]
pub(super) enum Test {
    Exists(Query),
    Match(Box<Operand>, RegexArg),
    Search(Box<Operand>, RegexArg),
}

#[derive(Debug, Clone)]
pub(super) struct Comparison {
    pub(super) left: Operand,
    pub(super) op: CmpOp,
    pub(super) right: Operand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A value-typed expression: a comparison side or a function argument.
#[derive(Debug, Clone)]
pub(super) enum Operand {
    Literal(Literal),
    Singular(SingularQuery),
    Function(Box<ValueFunction>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Literal {
    Null,
    Bool(bool),
    /// Every number literal: comparisons are made on `f64`, as Hurl makes them.
    Number(f64),
    String(String),
}

/// A query of names and indexes only: it selects at most one node.
#[derive(Debug, Clone)]
pub(super) struct SingularQuery {
    pub(super) origin: Origin,
    pub(super) steps: Vec<SingularStep>,
}

#[derive(Debug, Clone)]
pub(super) enum SingularStep {
    Name(String),
    Index(i64),
}

/// The functions that return a value (RFC 9535 ValueType).
#[derive(Debug, Clone)]
pub(super) enum ValueFunction {
    Length(Operand),
    Count(Query),
    Value(Query),
}

/// The pattern of `match` or `search`.
#[derive(Debug, Clone)]
pub(super) enum RegexArg {
    /// A string literal, compiled once: as written (`search`) and anchored (`match`).
    Literal { search: Regex, whole: Regex },
    /// A singular query or a function, compiled on each evaluation.
    Dynamic(Operand),
}
