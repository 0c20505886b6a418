//! The syntax tree of a compiled XPath 1.0 expression.

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Compare(CompareOp, Box<Expr>, Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Negate(Box<Expr>),
    Union(Box<Expr>, Box<Expr>),
    Literal(String),
    Number(f64),
    Call(Function, Vec<Expr>),
    Path(Path),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

/// A location path, or a filter expression followed by steps.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Path {
    pub start: PathStart,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum PathStart {
    /// `/…`: from the document root.
    Root,
    /// A relative path: from the context node.
    Context,
    /// A primary expression with predicates (`(//a)[2]/b`).
    Filter(Box<Expr>, Vec<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Step {
    pub axis: Axis,
    pub test: NodeTest,
    pub predicates: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Axis {
    Ancestor,
    AncestorOrSelf,
    Attribute,
    Child,
    Descendant,
    DescendantOrSelf,
    Following,
    FollowingSibling,
    Namespace,
    Parent,
    Preceding,
    PrecedingSibling,
    SelfNode,
}

impl Axis {
    pub fn from_name(name: &str) -> Option<Axis> {
        Some(match name {
            "ancestor" => Axis::Ancestor,
            "ancestor-or-self" => Axis::AncestorOrSelf,
            "attribute" => Axis::Attribute,
            "child" => Axis::Child,
            "descendant" => Axis::Descendant,
            "descendant-or-self" => Axis::DescendantOrSelf,
            "following" => Axis::Following,
            "following-sibling" => Axis::FollowingSibling,
            "namespace" => Axis::Namespace,
            "parent" => Axis::Parent,
            "preceding" => Axis::Preceding,
            "preceding-sibling" => Axis::PrecedingSibling,
            "self" => Axis::SelfNode,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum NodeTest {
    /// `node()`
    Node,
    /// `text()`
    Text,
    /// `comment()`
    Comment,
    /// `processing-instruction()` or `processing-instruction('target')`
    Pi(Option<String>),
    /// `*`: any node of the axis' principal type.
    Any,
    /// `prefix:*`
    AnyInNamespace(String),
    /// `local` or `prefix:local`
    Name {
        prefix: Option<String>,
        local: String,
    },
}

/// The XPath 1.0 core function library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    Last,
    Position,
    Count,
    Id,
    LocalName,
    NamespaceUri,
    Name,
    String,
    Concat,
    StartsWith,
    Contains,
    SubstringBefore,
    SubstringAfter,
    Substring,
    StringLength,
    NormalizeSpace,
    Translate,
    Boolean,
    Not,
    True,
    False,
    Lang,
    Number,
    Sum,
    Floor,
    Ceiling,
    Round,
}

impl Function {
    /// The function of that name and the argument counts it accepts (min, max, text).
    pub fn from_name(name: &str) -> Option<(Function, usize, usize, &'static str)> {
        use Function as F;
        const MANY: usize = usize::MAX;
        Some(match name {
            "last" => (F::Last, 0, 0, "0"),
            "position" => (F::Position, 0, 0, "0"),
            "count" => (F::Count, 1, 1, "1"),
            "id" => (F::Id, 1, 1, "1"),
            "local-name" => (F::LocalName, 0, 1, "0 or 1"),
            "namespace-uri" => (F::NamespaceUri, 0, 1, "0 or 1"),
            "name" => (F::Name, 0, 1, "0 or 1"),
            "string" => (F::String, 0, 1, "0 or 1"),
            "concat" => (F::Concat, 2, MANY, "at least 2"),
            "starts-with" => (F::StartsWith, 2, 2, "2"),
            "contains" => (F::Contains, 2, 2, "2"),
            "substring-before" => (F::SubstringBefore, 2, 2, "2"),
            "substring-after" => (F::SubstringAfter, 2, 2, "2"),
            "substring" => (F::Substring, 2, 3, "2 or 3"),
            "string-length" => (F::StringLength, 0, 1, "0 or 1"),
            "normalize-space" => (F::NormalizeSpace, 0, 1, "0 or 1"),
            "translate" => (F::Translate, 3, 3, "3"),
            "boolean" => (F::Boolean, 1, 1, "1"),
            "not" => (F::Not, 1, 1, "1"),
            "true" => (F::True, 0, 0, "0"),
            "false" => (F::False, 0, 0, "0"),
            "lang" => (F::Lang, 1, 1, "1"),
            "number" => (F::Number, 0, 1, "0 or 1"),
            "sum" => (F::Sum, 1, 1, "1"),
            "floor" => (F::Floor, 1, 1, "1"),
            "ceiling" => (F::Ceiling, 1, 1, "1"),
            "round" => (F::Round, 1, 1, "1"),
            _ => return None,
        })
    }
}
