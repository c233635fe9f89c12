//! ConvertTo-Json: objects, hashtables and arrays as JSON text in PowerShell 7's layout (two-space indent,
//! `"Name": value`), `-Compress` for one line, `-Depth` (2 by default) beyond which objects become their text,
//! dates as ISO 8601 with `Z`, Exchange enum values as their names (as they arrive over remote PowerShell).

use crate::script::cmdlet::Example;
use crate::script::params::ParameterInfo;
use crate::script::value::{Name, Value};

use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::culture::INVARIANT;
use crate::script::eval::convert::{format_double, to_str};
use crate::script::eval::date_format::format_pattern;
use crate::script::eval::flow::Res;
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "ConvertTo-Json",
    aliases: &[],
    synopsis: "Converts objects to JSON text.",
    params: &[
        ParameterInfo::value("InputObject", "Object")
            .position(0)
            .piped()
            .help("The objects to convert."),
        ParameterInfo::value("Depth", "Int32")
            .help("How many levels of nested objects to convert (2 by default)."),
        ParameterInfo::switch("Compress").help("Leaves out white space."),
        ParameterInfo::switch("AsArray").help("Always writes an array."),
        ParameterInfo::switch("EnumsAsStrings")
            .help("Accepted: enum values are always written as their names."),
    ],
    examples: &[Example {
        title: "A report row as JSON",
        input: "[PSCustomObject]@{User='Bob'; Devices=@('A1','B2'); Pinned=$true} | ConvertTo-Json",
        output: r#"{
  "User": "Bob",
  "Devices": [
    "A1",
    "B2"
  ],
  "Pinned": true
}"#,
    }],
    build,
};

fn escape(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Writer {
    compress: bool,
    max_depth: usize,
    out: String,
}

impl Writer {
    fn newline(&mut self, indent: usize) {
        if !self.compress {
            self.out.push('\n');
            self.out.push_str(&"  ".repeat(indent));
        }
    }

    fn entries(&mut self, items: impl Iterator<Item = (Name, Value)>, depth: usize) {
        self.out.push('{');
        let mut any = false;
        for (k, v) in items {
            if any {
                self.out.push(',');
            }
            any = true;
            self.newline(depth + 1);
            escape(&k, &mut self.out);
            self.out.push_str(if self.compress { ":" } else { ": " });
            self.value(&v, depth + 1);
        }
        if any {
            self.newline(depth);
        }
        self.out.push('}');
    }

    fn value(&mut self, v: &Value, depth: usize) {
        match v {
            Value::Null | Value::Nothing => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Long(i) => self.out.push_str(&i.to_string()),
            Value::Byte(b) => self.out.push_str(&b.to_string()),
            Value::Char(c) => escape(&c.to_string(), &mut self.out),
            Value::Double(d) => self.out.push_str(&format_double(*d).replace("E+", "E")),
            Value::String(s) => escape(s, &mut self.out),
            Value::DateTime(t) => escape(
                &format_pattern(*t, "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", &INVARIANT).unwrap_or_default(),
                &mut self.out,
            ),
            Value::Guid(_) | Value::Enum(_) => escape(&to_str(v), &mut self.out),
            Value::Array(items) => {
                if depth > self.max_depth {
                    escape(&to_str(v), &mut self.out);
                    return;
                }
                self.out.push('[');
                for (i, item) in items.to_vec().iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.value(item, depth + 1);
                }
                if !items.is_empty() {
                    self.newline(depth);
                }
                self.out.push(']');
            }
            Value::Hashtable(h) if depth <= self.max_depth => self.entries(h.iter(), depth),
            Value::Object(o) if depth <= self.max_depth => self.entries(o.props(), depth),
            other => escape(&to_str(other), &mut self.out),
        }
    }
}

fn build(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let depth = args.int("Depth")?.unwrap_or(2).clamp(0, 100) as usize;
    let compress = args.switch("Compress");
    let as_array = args.switch("AsArray");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |_it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            if items.is_empty() {
                return Ok(());
            }
            let value = if items.len() == 1 && !as_array {
                items.into_iter().next().unwrap_or(Value::Null)
            } else {
                Value::array(items)
            };
            let mut w = Writer {
                compress,
                max_depth: depth,
                out: String::new(),
            };
            w.value(&value, 0);
            out.push(Value::from(w.out));
            Ok(())
        },
    )))
}
