//! Recursive-descent parser of the XPath 1.0 grammar into [`Expr`].

use super::ast::{ArithOp, Axis, CompareOp, Expr, Function, NodeTest, Path, PathStart, Step};
use super::error::XpathError;
use super::lexer::{tokenize, Tok, Token};

/// Parses an expression.
pub(super) fn parse(src: &str) -> Result<Expr, XpathError> {
    let tokens = tokenize(src)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        end: src.len(),
        depth: 0,
    };
    if p.tokens.is_empty() {
        return Err(p.error("empty expression"));
    }
    let expr = p.or_expr()?;
    if p.pos < p.tokens.len() {
        return Err(p.error("unexpected token"));
    }
    Ok(expr)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Length of the source, the offset reported at its end.
    end: usize,
    /// Nesting of sub-expressions, bounded so that a pathological expression is an error
    /// rather than a stack overflow (here and in the evaluator, which follows the tree).
    depth: usize,
}

/// Deepest nesting of parentheses, predicates, arguments and unary minus accepted: far
/// beyond real queries, and within a 2 MiB thread stack even in debug builds.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |(_, o)| *o)
    }

    fn error(&self, reason: &str) -> XpathError {
        let reason = if self.pos >= self.tokens.len() {
            format!("{reason} (unexpected end of expression)")
        } else {
            reason.to_string()
        };
        XpathError::InvalidExpression {
            offset: self.offset(),
            reason,
        }
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<(), XpathError> {
        if self.eat(tok) {
            Ok(())
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    /// Runs `f` one nesting level deeper.
    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, XpathError>,
    ) -> Result<T, XpathError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("expression nested too deeply"));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn or_expr(&mut self) -> Result<Expr, XpathError> {
        self.nested(|p| {
            let mut left = p.and_expr()?;
            while p.eat(&Tok::Or) {
                let right = p.and_expr()?;
                left = Expr::Or(Box::new(left), Box::new(right));
            }
            Ok(left)
        })
    }

    fn and_expr(&mut self) -> Result<Expr, XpathError> {
        let mut left = self.equality_expr()?;
        while self.eat(&Tok::And) {
            let right = self.equality_expr()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn equality_expr(&mut self) -> Result<Expr, XpathError> {
        let mut left = self.relational_expr()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Eq) => CompareOp::Eq,
                Some(Tok::Ne) => CompareOp::Ne,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.relational_expr()?;
            left = Expr::Compare(op, Box::new(left), Box::new(right));
        }
    }

    fn relational_expr(&mut self) -> Result<Expr, XpathError> {
        let mut left = self.additive_expr()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Lt) => CompareOp::Lt,
                Some(Tok::Le) => CompareOp::Le,
                Some(Tok::Gt) => CompareOp::Gt,
                Some(Tok::Ge) => CompareOp::Ge,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.additive_expr()?;
            left = Expr::Compare(op, Box::new(left), Box::new(right));
        }
    }

    fn additive_expr(&mut self) -> Result<Expr, XpathError> {
        let mut left = self.multiplicative_expr()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Plus) => ArithOp::Add,
                Some(Tok::Minus) => ArithOp::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.multiplicative_expr()?;
            left = Expr::Arith(op, Box::new(left), Box::new(right));
        }
    }

    fn multiplicative_expr(&mut self) -> Result<Expr, XpathError> {
        let mut left = self.unary_expr()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Multiply) => ArithOp::Mul,
                Some(Tok::Div) => ArithOp::Div,
                Some(Tok::Mod) => ArithOp::Mod,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.unary_expr()?;
            left = Expr::Arith(op, Box::new(left), Box::new(right));
        }
    }

    fn unary_expr(&mut self) -> Result<Expr, XpathError> {
        if self.eat(&Tok::Minus) {
            let operand = self.nested(Self::unary_expr)?;
            return Ok(Expr::Negate(Box::new(operand)));
        }
        self.union_expr()
    }

    fn union_expr(&mut self) -> Result<Expr, XpathError> {
        let mut left = self.path_expr()?;
        while self.eat(&Tok::Pipe) {
            let right = self.path_expr()?;
            left = Expr::Union(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn path_expr(&mut self) -> Result<Expr, XpathError> {
        match self.peek() {
            Some(
                Tok::Variable(_)
                | Tok::LParen
                | Tok::Literal(_)
                | Tok::Number(_)
                | Tok::FunctionName(..),
            ) => {
                let primary = self.primary_expr()?;
                let predicates = self.predicates()?;
                let mut steps = Vec::new();
                let has_steps = self.relative_steps_after_separator(&mut steps)?;
                if !has_steps && predicates.is_empty() {
                    return Ok(primary);
                }
                Ok(Expr::Path(Path {
                    start: PathStart::Filter(Box::new(primary), predicates),
                    steps,
                }))
            }
            _ => self.location_path(),
        }
    }

    /// Reads `('/' | '//') RelativeLocationPath` repeatedly; false if there was none.
    fn relative_steps_after_separator(
        &mut self,
        steps: &mut Vec<Step>,
    ) -> Result<bool, XpathError> {
        let mut any = false;
        loop {
            if self.eat(&Tok::Slash) {
                steps.push(self.step()?);
            } else if self.eat(&Tok::DoubleSlash) {
                steps.push(descendant_or_self());
                steps.push(self.step()?);
            } else {
                return Ok(any);
            }
            any = true;
        }
    }

    fn starts_step(&self) -> bool {
        matches!(
            self.peek(),
            Some(
                Tok::Dot
                    | Tok::DotDot
                    | Tok::At
                    | Tok::AxisName(_)
                    | Tok::NodeType(_)
                    | Tok::AnyName
                    | Tok::PrefixAny(_)
                    | Tok::Name(..)
            )
        )
    }

    fn location_path(&mut self) -> Result<Expr, XpathError> {
        let mut steps = Vec::new();
        let start = if self.eat(&Tok::Slash) {
            if self.starts_step() {
                steps.push(self.step()?);
            }
            PathStart::Root
        } else if self.eat(&Tok::DoubleSlash) {
            steps.push(descendant_or_self());
            steps.push(self.step()?);
            PathStart::Root
        } else {
            steps.push(self.step()?);
            PathStart::Context
        };
        self.relative_steps_after_separator(&mut steps)?;
        Ok(Expr::Path(Path { start, steps }))
    }

    fn step(&mut self) -> Result<Step, XpathError> {
        if self.eat(&Tok::Dot) {
            return Ok(Step {
                axis: Axis::SelfNode,
                test: NodeTest::Node,
                predicates: Vec::new(),
            });
        }
        if self.eat(&Tok::DotDot) {
            return Ok(Step {
                axis: Axis::Parent,
                test: NodeTest::Node,
                predicates: Vec::new(),
            });
        }
        let axis = match self.peek().cloned() {
            Some(Tok::At) => {
                self.pos += 1;
                Axis::Attribute
            }
            Some(Tok::AxisName(name)) => {
                let Some(axis) = Axis::from_name(&name) else {
                    return Err(self.error(&format!("unknown axis '{name}'")));
                };
                self.pos += 1;
                self.expect(&Tok::ColonColon, "'::'")?;
                axis
            }
            _ => Axis::Child,
        };
        let test = self.node_test()?;
        let predicates = self.predicates()?;
        Ok(Step {
            axis,
            test,
            predicates,
        })
    }

    fn node_test(&mut self) -> Result<NodeTest, XpathError> {
        let test = match self.peek().cloned() {
            Some(Tok::AnyName) => NodeTest::Any,
            Some(Tok::PrefixAny(prefix)) => NodeTest::AnyInNamespace(prefix),
            Some(Tok::Name(prefix, local)) => NodeTest::Name { prefix, local },
            Some(Tok::NodeType(kind)) => {
                self.pos += 1;
                self.expect(&Tok::LParen, "'('")?;
                let test = match kind.as_str() {
                    "processing-instruction" => match self.peek().cloned() {
                        Some(Tok::Literal(target)) => {
                            self.pos += 1;
                            NodeTest::Pi(Some(target))
                        }
                        _ => NodeTest::Pi(None),
                    },
                    "comment" => NodeTest::Comment,
                    "text" => NodeTest::Text,
                    _ => NodeTest::Node,
                };
                self.expect(&Tok::RParen, "')'")?;
                return Ok(test);
            }
            _ => return Err(self.error("expected a node test")),
        };
        self.pos += 1;
        Ok(test)
    }

    fn predicates(&mut self) -> Result<Vec<Expr>, XpathError> {
        let mut predicates = Vec::new();
        while self.eat(&Tok::LBracket) {
            predicates.push(self.or_expr()?);
            self.expect(&Tok::RBracket, "']'")?;
        }
        Ok(predicates)
    }

    fn primary_expr(&mut self) -> Result<Expr, XpathError> {
        let offset = self.offset();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.error("expected an expression"));
        };
        self.pos += 1;
        match tok {
            Tok::Variable(name) => Err(XpathError::UndefinedVariable { name }),
            Tok::LParen => {
                let expr = self.or_expr()?;
                self.expect(&Tok::RParen, "')'")?;
                Ok(expr)
            }
            Tok::Literal(s) => Ok(Expr::Literal(s)),
            Tok::Number(n) => Ok(Expr::Number(n)),
            Tok::FunctionName(prefix, local) => {
                let name = match &prefix {
                    Some(p) => format!("{p}:{local}"),
                    None => local.clone(),
                };
                let found = prefix
                    .is_none()
                    .then(|| Function::from_name(&local))
                    .flatten();
                let Some((function, min, max, expected)) = found else {
                    return Err(XpathError::UnknownFunction { name });
                };
                self.expect(&Tok::LParen, "'('")?;
                let mut args = Vec::new();
                if !self.eat(&Tok::RParen) {
                    loop {
                        args.push(self.or_expr()?);
                        if self.eat(&Tok::RParen) {
                            break;
                        }
                        self.expect(&Tok::Comma, "',' or ')'")?;
                    }
                }
                if args.len() < min || args.len() > max {
                    return Err(XpathError::WrongArgumentCount {
                        name,
                        expected,
                        given: args.len(),
                    });
                }
                Ok(Expr::Call(function, args))
            }
            _ => Err(XpathError::InvalidExpression {
                offset,
                reason: "expected an expression".to_string(),
            }),
        }
    }
}

/// The step `//` stands for.
fn descendant_or_self() -> Step {
    Step {
        axis: Axis::DescendantOrSelf,
        test: NodeTest::Node,
        predicates: Vec::new(),
    }
}
