//! Binding a parsed filter to a schema of filterable properties (typed literals, unknown-property and bad-value
//! errors), evaluating it on records, and planning which index lookups can narrow the records to visit.
//!
//! The plan is only ever a superset of the answer: callers evaluate the whole filter on every candidate.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::model::{Civil, Guid, Timestamp, eq_ci};

use super::parser::{Expr, Op, RawValue, parse};
use super::{ErrorKind, FValue, OpathError, PropDef, PropType, Record};
use crate::script::error::quoted;
use crate::script::value::EnumValue;
use crate::script::wildcard::Wildcard;

/// A literal converted to its property's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Null,
    Str(String),
    Bool(bool),
    Int(i64),
    Date(Timestamp),
    Guid(Guid),
    Enum(EnumValue),
    /// The right side of -like / -notlike.
    Pattern(Wildcard),
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Cmp { prop: usize, op: Op, lit: Lit },
}

/// A filter bound to a cmdlet's properties, ready to evaluate.
#[derive(Clone, Debug)]
pub struct Filter {
    text: String,
    schema: &'static [PropDef],
    root: Node,
}

/// Index lookups whose results contain every match: each `Lookup` is `property -eq literal`.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan<'f> {
    Lookup {
        prop: usize,
        lit: &'f Lit,
    },
    /// The answer is within the union of these.
    Union(Vec<Plan<'f>>),
    /// The answer is within each of these.
    Intersect(Vec<Plan<'f>>),
}

impl Filter {
    /// Parses and binds `text` against `schema`.
    pub fn compile(text: &str, schema: &'static [PropDef]) -> Result<Filter, OpathError> {
        let expr = parse(text)?;
        let root = bind(&expr, text, schema)?;
        Ok(Filter {
            text: text.to_string(),
            schema,
            root,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn schema(&self) -> &'static [PropDef] {
        self.schema
    }

    /// Whether the filter reads property `prop` (a schema index).
    pub fn mentions(&self, prop: usize) -> bool {
        fn walk(n: &Node, prop: usize) -> bool {
            match n {
                Node::And(items) | Node::Or(items) => items.iter().any(|i| walk(i, prop)),
                Node::Not(i) => walk(i, prop),
                Node::Cmp { prop: p, .. } => *p == prop,
            }
        }
        walk(&self.root, prop)
    }

    pub fn matches(&self, record: &impl Record) -> bool {
        eval(&self.root, record)
    }

    /// The `-eq` terms on properties `indexed` accepts that bound the answer, or `None` when no such bound exists
    /// (a scan is needed).
    pub fn plan(&self, indexed: impl Fn(usize) -> bool) -> Option<Plan<'_>> {
        plan(&self.root, &indexed)
    }
}

fn bind(expr: &Expr, text: &str, schema: &'static [PropDef]) -> Result<Node, OpathError> {
    Ok(match expr {
        Expr::And(items) => Node::And(
            items
                .iter()
                .map(|e| bind(e, text, schema))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Or(items) => Node::Or(
            items
                .iter()
                .map(|e| bind(e, text, schema))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Not(e) => Node::Not(Box::new(bind(e, text, schema)?)),
        Expr::Cmp {
            property,
            property_pos,
            op,
            value,
            value_pos,
        } => {
            let prop = schema
                .iter()
                .position(|p| eq_ci(p.name, property))
                .ok_or_else(|| {
                    OpathError::new(
                        ErrorKind::UnknownProperty,
                        text,
                        *property_pos,
                        format!(
                            "'{}' is not a recognized filterable property.",
                            quoted(property)
                        ),
                    )
                })?;
            let bad =
                |detail: String| OpathError::new(ErrorKind::BadValue, text, *value_pos, detail);
            let lit = if matches!(op, Op::Like | Op::NotLike) {
                match value {
                    RawValue::Text(s) => Lit::Pattern(Wildcard::new(s)),
                    _ => {
                        return Err(bad(format!(
                            "The -{} operator needs a text pattern such as 'iPhone*'.",
                            op.name()
                        )));
                    }
                }
            } else {
                literal(schema[prop].ty, value).map_err(bad)?
            };
            Node::Cmp { prop, op: *op, lit }
        }
    })
}

fn literal(ty: PropType, value: &RawValue) -> Result<Lit, String> {
    let text = match value {
        RawValue::Null => return Ok(Lit::Null),
        RawValue::True => "True",
        RawValue::False => "False",
        RawValue::Text(s) => s.as_str(),
    };
    let cannot = |type_name: &str, reason: &str| {
        format!(
            "Cannot convert value \"{}\" to type \"{type_name}\". Error: \"{reason}\"",
            quoted(text)
        )
    };
    match ty {
        // An empty string is an unset value in the directory: `-eq ''` means `-eq $null`.
        PropType::String | PropType::Strings if text.is_empty() => Ok(Lit::Null),
        PropType::String | PropType::Strings => Ok(Lit::Str(text.to_string())),
        PropType::Bool => match value {
            RawValue::True => Ok(Lit::Bool(true)),
            RawValue::False => Ok(Lit::Bool(false)),
            _ if eq_ci(text.trim(), "true") || text.trim() == "1" => Ok(Lit::Bool(true)),
            _ if eq_ci(text.trim(), "false") || text.trim() == "0" => Ok(Lit::Bool(false)),
            _ => Err(cannot(
                "System.Boolean",
                "String was not recognized as a valid Boolean; use $true or $false.",
            )),
        },
        PropType::Int => text
            .trim()
            .parse()
            .map(Lit::Int)
            .map_err(|_| cannot("System.Int32", "Input string was not in a correct format.")),
        PropType::DateTime => parse_date(text)
            .map(Lit::Date)
            .ok_or_else(|| cannot("System.DateTime", "String was not recognized as a valid DateTime.")),
        PropType::Guid => Guid::parse(text).map(Lit::Guid).ok_or_else(|| {
            cannot(
                "System.Guid",
                "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
            )
        }),
        PropType::Enum(info) => (info.parse)(text).map(Lit::Enum).map_err(|e| e.to_string()),
    }
}

/// ISO 8601, or en-US `M/d/yyyy` with an optional `h:mm[:ss] [AM|PM]` (all UTC).
fn parse_date(text: &str) -> Option<Timestamp> {
    if let Some(t) = Timestamp::parse(text) {
        return Some(t);
    }
    let mut parts = text.split_whitespace();
    let date = parts.next()?;
    let mut ymd = date.split('/').map(|n| n.parse::<u32>().ok());
    let (month, day, year) = (ymd.next()??, ymd.next()??, ymd.next()??);
    if ymd.next().is_some() {
        return None;
    }
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    if let Some(time) = parts.next() {
        let mut hms = time.split(':').map(|n| n.parse::<u32>().ok());
        hour = hms.next()??;
        minute = hms.next()??;
        second = hms.next().unwrap_or(Some(0))?;
        match parts.next().map(str::to_ascii_uppercase).as_deref() {
            None => {}
            Some("AM") if (1..=12).contains(&hour) => hour %= 12,
            Some("PM") if (1..=12).contains(&hour) => hour = hour % 12 + 12,
            Some(_) => return None,
        }
    }
    if parts.next().is_some() {
        return None;
    }
    Timestamp::from_civil(Civil {
        year: i32::try_from(year).ok()?,
        month,
        day,
        hour,
        minute,
        second,
        millis: 0,
    })
}

fn eval(node: &Node, r: &impl Record) -> bool {
    match node {
        Node::And(items) => items.iter().all(|n| eval(n, r)),
        Node::Or(items) => items.iter().any(|n| eval(n, r)),
        Node::Not(n) => !eval(n, r),
        Node::Cmp { prop, op, lit } => compare(&r.get(*prop), *op, lit),
    }
}

fn is_empty(v: &FValue<'_>) -> bool {
    match v {
        FValue::Null => true,
        FValue::Str(s) => s.is_empty(),
        FValue::Strs(list) => list.is_empty(),
        _ => false,
    }
}

/// Evaluates one comparison: the single definition of OPATH's semantics here.
pub(crate) fn compare(v: &FValue<'_>, op: Op, lit: &Lit) -> bool {
    match op {
        Op::Eq => equals(v, lit),
        Op::Ne => !equals(v, lit),
        Op::Like => like(v, lit),
        Op::NotLike => !like(v, lit),
        Op::Lt | Op::Gt | Op::Le | Op::Ge => {
            let want = |o: Ordering| match op {
                Op::Lt => o == Ordering::Less,
                Op::Gt => o == Ordering::Greater,
                Op::Le => o != Ordering::Greater,
                _ => o != Ordering::Less,
            };
            match v {
                FValue::Strs(list) => list
                    .iter()
                    .any(|s| order(&FValue::Str(Cow::Borrowed(s)), lit).is_some_and(want)),
                _ => order(v, lit).is_some_and(want),
            }
        }
    }
}

fn equals(v: &FValue<'_>, lit: &Lit) -> bool {
    match (v, lit) {
        (_, Lit::Null) => is_empty(v),
        (FValue::Str(s), Lit::Str(l)) => eq_ci(s, l),
        (FValue::Strs(list), Lit::Str(l)) => list.iter().any(|s| eq_ci(s, l)),
        (FValue::Bool(a), Lit::Bool(b)) => a == b,
        (FValue::Int(a), Lit::Int(b)) => a == b,
        (FValue::Date(a), Lit::Date(b)) => a == b,
        (FValue::Guid(a), Lit::Guid(b)) => a == b,
        (FValue::Enum(a), Lit::Enum(b)) => a.number == b.number,
        _ => false,
    }
}

fn order(v: &FValue<'_>, lit: &Lit) -> Option<Ordering> {
    match (v, lit) {
        (FValue::Str(s), Lit::Str(l)) if !s.is_empty() => Some(cmp_ci(s, l)),
        (FValue::Bool(a), Lit::Bool(b)) => Some(a.cmp(b)),
        (FValue::Int(a), Lit::Int(b)) => Some(a.cmp(b)),
        (FValue::Date(a), Lit::Date(b)) => Some(a.cmp(b)),
        (FValue::Guid(a), Lit::Guid(b)) => Some(a.cmp(b)),
        (FValue::Enum(a), Lit::Enum(b)) => Some(a.number.cmp(&b.number)),
        _ => None,
    }
}

/// Ordinal, case-insensitive ordering (Unicode simple lowercase).
fn cmp_ci(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

fn like(v: &FValue<'_>, lit: &Lit) -> bool {
    let Lit::Pattern(w) = lit else {
        return false;
    };
    match v {
        FValue::Null => false,
        FValue::Str(s) => !s.is_empty() && w.matches(s),
        FValue::Strs(list) => list.iter().any(|s| w.matches(s)),
        FValue::Bool(true) => w.matches("True"),
        FValue::Bool(false) => w.matches("False"),
        FValue::Int(i) => w.matches(&i.to_string()),
        FValue::Date(t) => w.matches(&t.to_string()),
        FValue::Guid(g) => w.matches(&g.to_string()),
        FValue::Enum(e) => w.matches(e.name),
    }
}

fn plan<'f>(node: &'f Node, indexed: &impl Fn(usize) -> bool) -> Option<Plan<'f>> {
    match node {
        Node::Cmp {
            prop,
            op: Op::Eq,
            lit,
        } if !matches!(lit, Lit::Null | Lit::Pattern(_)) && indexed(*prop) => {
            Some(Plan::Lookup { prop: *prop, lit })
        }
        Node::Cmp { .. } | Node::Not(_) => None,
        Node::And(items) => {
            let mut plans: Vec<Plan<'f>> = items.iter().filter_map(|n| plan(n, indexed)).collect();
            match plans.len() {
                0 => None,
                1 => plans.pop(),
                _ => Some(Plan::Intersect(plans)),
            }
        }
        Node::Or(items) => items
            .iter()
            .map(|n| plan(n, indexed))
            .collect::<Option<Vec<_>>>()
            .map(Plan::Union),
    }
}
