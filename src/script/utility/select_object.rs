//! Select-Object (`select`): new objects with chosen properties (names, wildcards, calculated properties),
//! one property's values (`-ExpandProperty`), or a subset of the input (`-First`, `-Last`, `-Skip`,
//! `-SkipLast`, `-Index`, `-Unique`).
//!
//! The subset is Windows PowerShell 5.1's SelectObjectQueue, step for step: `-Skip` first, then `-First` as the
//! objects stream and `-Last` from a queue at the end, an object never twice; `-First` (without `-Last` or
//! `-Wait`) stops the upstream commands once it has its objects. `-Unique` compares the selected objects
//! case-sensitively and writes them at the end. `$null` input is skipped. `-ExcludeProperty` acts only with
//! `-Property` (5.1). `-SkipLast` is its own parameter set, as `-Index` is.

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::{PsObject, Value};

use super::property::{Column, PropSpec, column_value, expand, parse_specs};
use super::{UArgs, UtilityInfo};
use crate::script::eval::compare::{equals, like};
use crate::script::eval::convert::{PSCUSTOMOBJECT, enumerate, is_custom, to_str};
use crate::script::eval::flow::{Res, RuntimeError, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::members::get_member;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Select-Object",
    aliases: &["select"],
    synopsis: "Selects objects or object properties.",
    params: &[
        ParameterInfo::value("Property", "Object[]")
            .position(0)
            .sets(&["DefaultParameter", "SkipLastParameter"])
            .help(
                "Properties to keep: names, wildcards, or calculated properties @{n='Name'; e={...}}.",
            ),
        ParameterInfo::value("ExcludeProperty", "String[]")
            .sets(&["DefaultParameter", "SkipLastParameter"])
            .help("Properties to leave out (with -Property)."),
        ParameterInfo::value("ExpandProperty", "String")
            .sets(&["DefaultParameter", "SkipLastParameter"])
            .help("Writes the values of this property instead of objects."),
        ParameterInfo::value("First", "Int32")
            .sets(&["DefaultParameter"])
            .help("How many objects from the start to keep."),
        ParameterInfo::value("Last", "Int32")
            .sets(&["DefaultParameter"])
            .help("How many objects from the end to keep."),
        ParameterInfo::value("Skip", "Int32")
            .sets(&["DefaultParameter"])
            .help("How many objects to skip first."),
        ParameterInfo::value("SkipLast", "Int32")
            .sets(&["SkipLastParameter"])
            .help("How many objects to leave out at the end."),
        ParameterInfo::value("Index", "Int32[]")
            .sets(&["IndexParameter"])
            .help("Keeps the objects at these positions."),
        ParameterInfo::switch("Wait")
            .sets(&["DefaultParameter", "IndexParameter"])
            .help("Takes all input rather than stopping the upstream commands after -First."),
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

/// Windows PowerShell 5.1's SelectObjectQueue: which objects `-First`, `-Last`, `-Skip` and `-SkipLast` let
/// through, and when.
struct Queue {
    items: std::collections::VecDeque<Value>,
    first: usize,
    last: usize,
    skip: usize,
    skip_last: usize,
    first_or_last: bool,
    streamed: usize,
}

impl Queue {
    fn all_requested_processed(&self) -> bool {
        self.first_or_last && self.last == 0 && self.first != 0 && self.streamed >= self.first
    }

    fn enqueue(&mut self, v: Value) {
        let full = if self.first == 0 {
            self.items.len() >= self.last + self.skip
        } else {
            self.items.len() >= self.last
        };
        if self.last > 0 && full {
            self.items.pop_front();
        }
        self.items.push_back(v);
    }

    fn streaming_dequeue(&mut self) -> Option<Value> {
        if self.skip == 0 {
            if self.skip_last > 0 {
                if self.items.len() > self.skip_last {
                    return self.items.pop_front();
                }
            } else {
                if self.streamed < self.first || !self.first_or_last {
                    self.streamed += 1;
                    return self.items.pop_front();
                }
                if self.last == 0 {
                    self.items.pop_front();
                }
            }
        } else if self.last == 0 {
            self.items.pop_front();
            self.skip -= 1;
        } else if self.first != 0 {
            self.skip -= 1;
            self.items.pop_front();
        }
        None
    }
}

struct SelectStage {
    specs: Option<Vec<PropSpec>>,
    exclude: Vec<String>,
    expand: Option<String>,
    queue: Queue,
    /// `-SkipLast` or `-Index` was given (their parameter sets skip the queue's end step).
    skip_last_set: bool,
    index: Option<Vec<i64>>,
    index_at: usize,
    count: i64,
    wait: bool,
    unique: bool,
    uniques: Vec<Value>,
    stopped: bool,
    columns: Option<Vec<Column>>,
    /// `-InputObject`: one object (an array stays one), when nothing is piped in.
    input: Option<Value>,
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
        let mut i: Vec<i64> = enumerate(v)
            .iter()
            .filter_map(crate::script::eval::convert::to_int)
            .collect();
        i.sort_unstable();
        i
    });
    let first = count(&args, "First")?;
    let last = count(&args, "Last")?;
    let skip_last = count(&args, "SkipLast")?;
    let stage = SelectStage {
        specs,
        exclude,
        expand: args.string("ExpandProperty"),
        queue: Queue {
            items: std::collections::VecDeque::new(),
            first: first.unwrap_or(0),
            last: last.unwrap_or(0),
            skip: count(&args, "Skip")?.unwrap_or(0),
            skip_last: skip_last.unwrap_or(0),
            first_or_last: first.is_some() || last.is_some(),
            streamed: 0,
        },
        skip_last_set: skip_last.is_some(),
        index,
        index_at: 0,
        count: 0,
        wait: args.switch("Wait"),
        unique: args.switch("Unique"),
        uniques: Vec::new(),
        stopped: false,
        columns: None,
        input: args.take("InputObject"),
    };
    Ok(Box::new(stage))
}

/// Whether two selected objects are the same for `-Unique`: equal case-sensitively, and for the objects
/// Select-Object builds, the same properties with equal values.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) if is_custom(x) && is_custom(y) => {
            x.len() == y.len()
                && x.props()
                    .all(|(k, v)| y.get(&k).is_some_and(|w| equals(&v, &w, true)))
        }
        _ => equals(a, b, true),
    }
}

impl SelectStage {
    /// Writes a selected object, or keeps it for the end when `-Unique`.
    fn write(&mut self, v: Value, out: &mut Vec<Value>) {
        if !self.unique {
            out.push(v);
        } else if !self.uniques.iter().any(|u| same(u, &v)) {
            self.uniques.push(v);
        }
    }

    /// Selects from one object and writes the result (several values for -ExpandProperty of a collection).
    fn process_object(&mut self, it: &mut Interp<'_>, v: Value, out: &mut Vec<Value>) -> Res<()> {
        let mut t = Vec::new();
        self.transform(it, v, &mut t)?;
        for x in t {
            self.write(x, out);
        }
        Ok(())
    }

    /// The selected form of one object (several values for -ExpandProperty of a collection).
    fn transform(&mut self, it: &mut Interp<'_>, v: Value, out: &mut Vec<Value>) -> Res<()> {
        if let Some(name) = &self.expand {
            let (x, exists) = match &v {
                Value::Object(o) => (get_member(&v, name, it.culture()), o.get(name).is_some()),
                Value::Hashtable(h) => {
                    let x = super::property::hashtable_property(h, name);
                    let exists = !x.is_null();
                    (x, exists)
                }
                _ => {
                    let x = get_member(&v, name, it.culture());
                    let exists = !x.is_null();
                    (x, exists)
                }
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
        let o = PsObject::with_capacity(type_name, columns.len());
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
        let Some(v) = input.or_else(|| self.input.take()) else {
            return Ok(());
        };
        if v.is_null() || self.stopped {
            return Ok(());
        }
        if let Some(index) = &self.index {
            let index = index.clone();
            if let Some(want) = index.get(self.index_at).copied()
                && self.count == want
            {
                self.process_object(it, v, out)?;
                while index.get(self.index_at) == Some(&want) {
                    self.index_at += 1;
                }
            }
            if !self.wait && self.index_at >= index.len() {
                self.stopped = true;
            }
            self.count += 1;
            return Ok(());
        }
        self.queue.enqueue(v);
        if let Some(next) = self.queue.streaming_dequeue() {
            self.process_object(it, next, out)?;
        }
        if self.queue.all_requested_processed() && !self.wait {
            self.stopped = true;
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp<'_>, out: &mut Vec<Value>) -> Res<()> {
        if self.index.is_none() && !self.skip_last_set {
            if self.queue.first != 0 {
                while let Some(v) = self.queue.items.pop_front() {
                    self.process_object(it, v, out)?;
                }
            } else {
                while self.queue.items.len() > self.queue.skip {
                    let Some(v) = self.queue.items.pop_front() else {
                        break;
                    };
                    self.process_object(it, v, out)?;
                }
            }
        }
        out.append(&mut self.uniques);
        Ok(())
    }

    fn done(&self) -> bool {
        self.stopped
    }
}
