//! The XPath 1.0 core function library (spec section 4).

use super::ast::{Expr, Function};
use super::dom::{Kind, Node, XML_NS};
use super::error::XpathError;
use super::eval::{Ctx, Evaluator};
use super::number::parse_number;
use super::value::Value;

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// XPath `round()`: halves go up; libxml2 keeps the sign of zero for -0.5 ≤ x < 0.
fn round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if (-0.5..0.5).contains(&x) {
        return 0.0 * x;
    }
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// XPath `substring(s, start, length?)`: characters at positions p with
/// round(start) ≤ p < round(start) + round(length), positions counted from 1.
fn substring(s: &str, start: f64, length: Option<f64>) -> String {
    let first = round(start);
    let end = length.map_or(f64::INFINITY, |l| first + round(l));
    s.chars()
        .enumerate()
        .filter(|(i, _)| {
            let p = (*i + 1) as f64;
            p >= first && p < end
        })
        .map(|(_, c)| c)
        .collect()
}

fn translate(s: &str, from: &str, to: &str) -> String {
    let to: Vec<char> = to.chars().collect();
    s.chars()
        .filter_map(|c| match from.chars().position(|f| f == c) {
            Some(i) => to.get(i).copied(),
            None => Some(c),
        })
        .collect()
}

impl Evaluator<'_> {
    fn string_arg(&mut self, args: &[Expr], i: usize, ctx: Ctx) -> Result<String, XpathError> {
        match args.get(i) {
            Some(arg) => Ok(self.eval(arg, ctx)?.to_str(self.dom)),
            None => Ok(ctx
                .node
                .map(|n| self.dom.string_value(n))
                .unwrap_or_default()),
        }
    }

    fn number_arg(&mut self, args: &[Expr], i: usize, ctx: Ctx) -> Result<f64, XpathError> {
        match args.get(i) {
            Some(arg) => Ok(self.eval(arg, ctx)?.to_num(self.dom)),
            None => Ok(f64::NAN),
        }
    }

    /// The node a name function looks at: the first of its argument, or the context node.
    fn name_arg(
        &mut self,
        args: &[Expr],
        ctx: Ctx,
        function: &'static str,
    ) -> Result<Option<Node>, XpathError> {
        match args.first() {
            Some(arg) => Ok(self.node_set(arg, ctx, function)?.first().copied()),
            None => Ok(ctx.node),
        }
    }

    /// Calls a core function.
    pub fn call(&mut self, f: Function, args: &[Expr], ctx: Ctx) -> Result<Value, XpathError> {
        let dom = self.dom;
        Ok(match f {
            Function::Last | Function::Position if ctx.node.is_none() => {
                let function = if f == Function::Last {
                    "last()"
                } else {
                    "position()"
                };
                return Err(XpathError::NoContext { function });
            }
            Function::Last => Value::Num(ctx.size as f64),
            Function::Position => Value::Num(ctx.position as f64),
            Function::Count => Value::Num(self.node_set(&args[0], ctx, "count()")?.len() as f64),
            Function::Id => {
                let ids = match self.eval(&args[0], ctx)? {
                    Value::Nodes(nodes) => nodes
                        .iter()
                        .map(|n| dom.string_value(*n))
                        .collect::<Vec<_>>()
                        .join(" "),
                    other => other.to_str(dom),
                };
                Value::Nodes(self.elements_by_id(&ids))
            }
            Function::LocalName => {
                let node = self.name_arg(args, ctx, "local-name()")?;
                Value::Str(node.map(|n| dom.local_name(n)).unwrap_or_default())
            }
            Function::NamespaceUri => {
                let node = self.name_arg(args, ctx, "namespace-uri()")?;
                Value::Str(node.map(|n| dom.namespace_uri(n)).unwrap_or_default())
            }
            Function::Name => {
                let node = self.name_arg(args, ctx, "name()")?;
                Value::Str(node.map(|n| dom.qualified_name(n)).unwrap_or_default())
            }
            Function::String => Value::Str(self.string_arg(args, 0, ctx)?),
            Function::Concat => {
                let mut s = String::new();
                for i in 0..args.len() {
                    s.push_str(&self.string_arg(args, i, ctx)?);
                }
                Value::Str(s)
            }
            Function::StartsWith | Function::Contains => {
                let s = self.string_arg(args, 0, ctx)?;
                let sub = self.string_arg(args, 1, ctx)?;
                Value::Bool(if f == Function::StartsWith {
                    s.starts_with(&sub)
                } else {
                    s.contains(&sub)
                })
            }
            Function::SubstringBefore | Function::SubstringAfter => {
                let s = self.string_arg(args, 0, ctx)?;
                let sub = self.string_arg(args, 1, ctx)?;
                Value::Str(match s.find(&sub) {
                    Some(i) if f == Function::SubstringBefore => s[..i].to_string(),
                    Some(i) => s[i + sub.len()..].to_string(),
                    None => String::new(),
                })
            }
            Function::Substring => {
                let s = self.string_arg(args, 0, ctx)?;
                let start = self.number_arg(args, 1, ctx)?;
                let length = match args.get(2) {
                    Some(_) => Some(self.number_arg(args, 2, ctx)?),
                    None => None,
                };
                Value::Str(substring(&s, start, length))
            }
            Function::StringLength => {
                Value::Num(self.string_arg(args, 0, ctx)?.chars().count() as f64)
            }
            Function::NormalizeSpace => {
                let s = self.string_arg(args, 0, ctx)?;
                let words: Vec<&str> = s.split(is_xml_space).filter(|w| !w.is_empty()).collect();
                Value::Str(words.join(" "))
            }
            Function::Translate => {
                let s = self.string_arg(args, 0, ctx)?;
                let from = self.string_arg(args, 1, ctx)?;
                let to = self.string_arg(args, 2, ctx)?;
                Value::Str(translate(&s, &from, &to))
            }
            Function::Boolean => Value::Bool(self.eval(&args[0], ctx)?.to_bool()),
            Function::Not => Value::Bool(!self.eval(&args[0], ctx)?.to_bool()),
            Function::True => Value::Bool(true),
            Function::False => Value::Bool(false),
            Function::Lang => {
                let lang = self.string_arg(args, 0, ctx)?;
                Value::Bool(ctx.node.is_some_and(|n| self.has_lang(n, &lang)))
            }
            Function::Number => match args.first() {
                Some(arg) => Value::Num(self.eval(arg, ctx)?.to_num(dom)),
                // libxml2 answers 0 when there is no context node (top level).
                None => Value::Num(ctx.node.map_or(0.0, |n| parse_number(&dom.string_value(n)))),
            },
            Function::Sum => {
                let nodes = self.node_set(&args[0], ctx, "sum()")?;
                Value::Num(
                    nodes
                        .iter()
                        .map(|n| parse_number(&dom.string_value(*n)))
                        // Not `sum()`: it starts from -0.0, and Hurl shows sum of nothing as 0.0.
                        .fold(0.0, |a, b| a + b),
                )
            }
            Function::Floor => Value::Num(self.number_arg(args, 0, ctx)?.floor()),
            Function::Ceiling => Value::Num(self.number_arg(args, 0, ctx)?.ceil()),
            Function::Round => Value::Num(round(self.number_arg(args, 0, ctx)?)),
        })
    }

    /// Elements whose ID is one of the whitespace-separated `ids`: `xml:id` in XML, `id`
    /// in HTML (no DTD is read for ID attributes).
    fn elements_by_id(&self, ids: &str) -> Vec<Node> {
        let wanted: Vec<&str> = ids.split(is_xml_space).filter(|s| !s.is_empty()).collect();
        let dom = self.dom;
        let mut found = Vec::new();
        if wanted.is_empty() {
            return found;
        }
        for (i, data) in dom.nodes.iter().enumerate() {
            let Kind::Attribute { name, value } = &data.kind else {
                continue;
            };
            let name = dom.name(*name);
            let is_id = if dom.html {
                &*name.local == "id"
            } else {
                name.uri.as_deref() == Some(XML_NS) && &*name.local == "id"
            };
            if is_id && wanted.contains(&&**value) {
                found.push(Node::tree(dom.data(i as u32).parent));
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// XPath `lang()`: the nearest `xml:lang` equals `lang` or starts with `lang-`,
    /// ignoring case.
    fn has_lang(&self, node: Node, lang: &str) -> bool {
        let dom = self.dom;
        let mut current = if node.ns == 0 && !dom.is_attribute(node.id) {
            Some(node)
        } else {
            dom.parent(node)
        };
        while let Some(n) = current {
            if let Kind::Element { attrs_end, .. } = dom.kind(n.id) {
                for a in n.id + 1..*attrs_end {
                    if let Kind::Attribute { name, value } = dom.kind(a) {
                        let name = dom.name(*name);
                        if name.uri.as_deref() == Some(XML_NS) && &*name.local == "lang" {
                            let value = value.to_ascii_lowercase();
                            let lang = lang.to_ascii_lowercase();
                            return value == lang
                                || value
                                    .strip_prefix(&lang)
                                    .is_some_and(|r| r.starts_with('-'));
                        }
                    }
                }
            }
            current = dom.parent(n);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_like_xpath() {
        let cases = [
            (2.5, 3.0),
            (-2.5, -2.0),
            (2.4999, 2.0),
            (0.49999999999999994, 0.0),
            (-0.4, -0.0),
        ];
        for (x, expected) in cases {
            assert_eq!(round(x), expected, "round({x})");
        }
        assert!(round(-0.4).is_sign_negative());
        assert!(round(f64::NAN).is_nan());
        assert_eq!(round(f64::INFINITY), f64::INFINITY);
    }

    #[test]
    fn substring_follows_the_spec_examples() {
        let inf = f64::INFINITY;
        let cases = [
            (2.0, Some(3.0), "234"),
            (2.0, None, "2345"),
            (1.5, Some(2.6), "234"),
            (0.0, Some(3.0), "12"),
            (f64::NAN, Some(3.0), ""),
            (1.0, Some(f64::NAN), ""),
            (-42.0, Some(inf), "12345"),
            (-inf, Some(inf), ""),
        ];
        for (start, length, expected) in cases {
            assert_eq!(
                substring("12345", start, length),
                expected,
                "substring({start}, {length:?})"
            );
        }
    }

    #[test]
    fn translate_maps_and_removes() {
        assert_eq!(translate("bar", "abc", "ABC"), "BAr");
        assert_eq!(translate("--aaa--", "abc-", "ABC"), "AAA");
        assert_eq!(translate("abc", "aa", "xy"), "xbc");
        assert_eq!(translate("abc", "abc", ""), "");
    }
}
