//! Group-Object (`group`): groups the input by property values into GroupInfo objects (Count, Name, Group,
//! Values) in order of first appearance, case-insensitively unless `-CaseSensitive`; `-NoElement` leaves the
//! groups' members out, `-AsHashTable` returns a hashtable of key → members instead.

use crate::model::eq_ci;
use crate::script::cmdlet::Example;
use crate::script::params::ParameterInfo;
use crate::script::value::{Hashtable, PsObject, Value};

use super::property::{column_value, expand, parse_specs};
use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::eval::convert::{GROUP_INFO, to_str};
use crate::script::eval::flow::Res;
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Group-Object",
    aliases: &["group"],
    synopsis: "Groups objects that contain the same value for specified properties.",
    params: &[
        ParameterInfo::value("Property", "Object[]")
            .position(0)
            .help("Properties to group by: names or calculated properties."),
        ParameterInfo::switch("NoElement").help("Leaves the members out of the groups."),
        ParameterInfo::switch("AsHashTable")
            .help("Returns a hashtable: each key maps to its group's members."),
        ParameterInfo::switch("AsString").help("Uses the keys' text as hashtable keys."),
        ParameterInfo::switch("CaseSensitive").help("Groups text case-sensitively."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to group."),
    ],
    examples: &[Example {
        title: "Devices per model",
        input: "Get-MobileDevice | Group-Object DeviceModel -NoElement | Sort-Object Count -Descending",
        output: r#"Count Name
----- ----
    2 iPhone6C2
    1 SM-G991B
    1 Outlook for iOS and An..."#,
    }],
    build,
};

fn build(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let specs = match args.take("Property") {
        Some(p) => parse_specs(&p, &[])?,
        None => Vec::new(),
    };
    let no_element = args.switch("NoElement");
    let as_table = args.switch("AsHashTable");
    let cs = args.switch("CaseSensitive");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let columns = expand(&specs, &items);
            // (name, key values, members)
            let mut groups: Vec<(String, Vec<Value>, Vec<Value>)> = Vec::new();
            for v in items {
                let mut keys = Vec::with_capacity(columns.len().max(1));
                if columns.is_empty() {
                    keys.push(v.clone());
                }
                for c in &columns {
                    keys.push(column_value(it, &c.source, &v)?);
                }
                let name = keys.iter().map(to_str).collect::<Vec<_>>().join(", ");
                let same = |g: &&mut (String, Vec<Value>, Vec<Value>)| {
                    if cs { g.0 == name } else { eq_ci(&g.0, &name) }
                };
                match groups.iter_mut().find(same) {
                    Some(g) => g.2.push(v),
                    None => groups.push((name, keys, vec![v])),
                }
            }
            if as_table {
                let h = Hashtable::new();
                for (name, _, members) in groups {
                    h.insert(name, Value::array(members));
                }
                out.push(Value::Hashtable(h));
                return Ok(());
            }
            for (name, keys, members) in groups {
                let mut o = PsObject::with_capacity(GROUP_INFO, 4);
                o.push("Count", members.len() as i64);
                o.push("Name", name);
                if !no_element {
                    o.push("Group", Value::array(members));
                }
                o.push("Values", Value::array(keys));
                out.push(Value::Object(o));
            }
            Ok(())
        },
    )))
}
