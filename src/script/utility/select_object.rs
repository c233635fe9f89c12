//! Select-Object (`select`): new objects with chosen properties (names, wildcards, calculated properties),
//! one property's values (`-ExpandProperty`), or a subset of the input (`-First`, `-Last`, `-Skip`, `-Unique`).
//!
//! `-First` alone streams and stops taking input once it has enough; `-Last` and `-Unique` wait for all input.

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::{PsObject, Value};

use super::property::{Column, PropSpec, column_value, expand, parse_specs};
use super::{UArgs, UtilityInfo};
use crate::script::eval::compare::like;
use crate::script::eval::convert::{PSCUSTOMOBJECT, enumerate, to_str};
use crate::script::eval::flow::{Res, RuntimeError, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::members::get_member;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Select-Object",
    aliases: &["select"],
    synopsis: "Selects objects or object properties.",
    params: &[
        ParameterInfo::value("Property", "Object[]").position(0).help(
            "Properties to keep: names, wildcards, or calculated properties @{n='Name'; e={...}}.",
        ),
        ParameterInfo::value("ExcludeProperty", "String[]").help("Properties to leave out."),
        ParameterInfo::value("ExpandProperty", "String")
            .help("Writes the values of this property instead of objects."),
        ParameterInfo::value("First", "Int32").help("How many objects from the start to keep."),
        ParameterInfo::value("Last", "Int32").help("How many objects from the end to keep."),
        ParameterInfo::value("Skip", "Int32").help("How many objects to skip first."),
        ParameterInfo::value("Index", "Int32[]").help("Keeps the objects at these positions."),
        ParameterInfo::switch("Unique").help("Keeps one of each identical object."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to select from."),
    ],
    examples: &[
        Example {
            title: "A calculated property and a wildcard",
            input: "Get-MobileDevice -Mailbox alice | Select-Object @{n='User';e={$_.Identity.Split('\\')[0]}}, devicem*",
            output: r#"User  DeviceMobileOperator DeviceModel
----  -------------------- -----------
Alice                      iPhone6C2
Alice                      SM-G991B"#,
        },
        Example {
            title: "Expand one property",
            input: "Get-Mailbox -ResultSize Unlimited | Select-Object -ExpandProperty PrimarySmtpAddress -First 2",
            output: r#"alice@contoso.com
bob@contoso.com"#,
        },
    ],
    build,
};

struct SelectStage {
    specs: Option<Vec<PropSpec>>,
    exclude: Vec<String>,
    expand: Option<String>,
    first: Option<usize>,
    last: Option<usize>,
    skip: usize,
    index: Option<Vec<i64>>,
    unique: bool,
    seen: usize,
    emitted: usize,
    held: Vec<Value>,
    columns: Option<Vec<Column>>,
}

fn count(args: &UArgs, name: &str) -> Result<Option<usize>, RuntimeError> {
    Ok(args.int(name)?.map(|n| n.max(0) as usize))
}

fn build(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let specs = match args.take("Property") {
        Some(p) => Some(parse_specs(&p, &[])?),
        None => None,
    };
    let exclude = args
        .take("ExcludeProperty")
        .map(|v| enumerate(v).iter().map(to_str).collect())
        .unwrap_or_default();
    let index = args.take("Index").map(|v| {
        enumerate(v)
            .iter()
            .filter_map(crate::script::eval::convert::to_int)
            .collect()
    });
    let stage = SelectStage {
        specs,
        exclude,
        expand: args.string("ExpandProperty"),
        first: count(&args, "First")?,
        last: count(&args, "Last")?,
        skip: count(&args, "Skip")?.unwrap_or(0),
        index,
        unique: args.switch("Unique"),
        seen: 0,
        emitted: 0,
        held: Vec::new(),
        columns: None,
    };
    Ok(Box::new(stage))
}

impl SelectStage {
    fn waits_for_all(&self) -> bool {
        self.last.is_some() || self.unique
    }

    /// The selected form of one object (several values for -ExpandProperty of a collection).
    fn transform(&mut self, it: &mut Interp<'_>, v: Value, out: &mut Vec<Value>) -> Res<()> {
        if let Some(name) = &self.expand {
            let x = get_member(&v, name);
            let exists = match &v {
                Value::Object(o) => o.get(name).is_some(),
                Value::Hashtable(h) => h.get(name).is_some(),
                _ => !x.is_null(),
            };
            if !exists {
                let e = runtime(
                    ErrorCategory::InvalidArgument,
                    "ExpandPropertyNotFound",
                    format!("Property \"{name}\" cannot be found."),
                )
                .in_command("Select-Object");
                return it.non_terminating(e, None);
            }
            out.extend(enumerate(x));
            return Ok(());
        }
        let Some(specs) = &self.specs else {
            out.push(v);
            return Ok(());
        };
        let columns = match self.columns.take() {
            Some(c) => c,
            None => expand(specs, std::slice::from_ref(&v)),
        };
        let type_name = match &v {
            Value::Object(o) => format!("Selected.{}", o.type_name()),
            _ => format!("Selected.{}", v.type_name()),
        };
        let type_name = if type_name == format!("Selected.{PSCUSTOMOBJECT}") {
            PSCUSTOMOBJECT.to_string()
        } else {
            type_name
        };
        let mut o = PsObject::with_capacity(type_name, columns.len());
        for c in &columns {
            if self.exclude.iter().any(|x| like(&c.label, x, false)) {
                continue;
            }
            match column_value(it, &c.source, &v) {
                Ok(value) => o.set(c.label.clone(), value),
                Err(e) => {
                    self.columns = Some(columns);
                    return Err(e);
                }
            }
        }
        self.columns = Some(columns);
        out.push(Value::Object(o));
        Ok(())
    }
}

impl Stage for SelectStage {
    fn process(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        let Some(v) = input else { return Ok(()) };
        let position = self.seen;
        self.seen += 1;
        if let Some(index) = &self.index {
            if index.iter().any(|i| *i >= 0 && *i as usize == position) {
                self.transform(it, v, out)?;
            }
            return Ok(());
        }
        if position < self.skip {
            return Ok(());
        }
        if self.waits_for_all() {
            let mut t = Vec::new();
            self.transform(it, v, &mut t)?;
            self.held.extend(t);
            return Ok(());
        }
        if self.first.is_some_and(|f| self.emitted >= f) {
            return Ok(());
        }
        self.emitted += 1;
        self.transform(it, v, out)
    }

    fn end(&mut self, _it: &mut Interp<'_>, out: &mut Vec<Value>) -> Res<()> {
        if !self.waits_for_all() {
            return Ok(());
        }
        let mut items = std::mem::take(&mut self.held);
        if self.unique {
            let mut kept: Vec<Value> = Vec::with_capacity(items.len());
            for i in items {
                if !kept.contains(&i) {
                    kept.push(i);
                }
            }
            items = kept;
        }
        if let Some(f) = self.first {
            items.truncate(f);
        }
        if let Some(l) = self.last {
            let start = items.len().saturating_sub(l);
            items.drain(..start);
        }
        out.extend(items);
        Ok(())
    }

    fn done(&self) -> bool {
        !self.waits_for_all()
            && self.index.is_none()
            && self.first.is_some_and(|f| self.emitted >= f)
    }
}
