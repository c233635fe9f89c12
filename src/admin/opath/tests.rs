//! OPATH unit tests: error texts and positions, semantics on a tiny record type, index plans, and a property
//! test that parsing never panics.

use expect_test::{Expect, expect};
use proptest::prelude::*;

use super::*;
use crate::admin::enums::DEVICE_ACCESS_STATE;

static SCHEMA: &[PropDef] = &[
    PropDef::new("DeviceModel", PropType::String),
    PropDef::new("DeviceAccessState", PropType::Enum(&DEVICE_ACCESS_STATE)),
    PropDef::new("IsManaged", PropType::Bool),
    PropDef::new("Tags", PropType::Strings),
    PropDef::new("FirstSyncTime", PropType::DateTime),
    PropDef::new("Count", PropType::Int),
];

struct Rec {
    model: &'static str,
    state: crate::model::DeviceAccessState,
    managed: bool,
    tags: Vec<String>,
    first: Option<crate::model::Timestamp>,
    count: i64,
}

impl Record for Rec {
    fn get(&self, prop: usize) -> FValue<'_> {
        match prop {
            0 => self.model.into(),
            1 => FValue::Enum(self.state.into()),
            2 => FValue::Bool(self.managed),
            3 => FValue::Strs(&self.tags),
            4 => self.first.into(),
            _ => FValue::Int(self.count),
        }
    }
}

fn rec() -> Rec {
    Rec {
        model: "iPhone6C2",
        state: crate::model::DeviceAccessState::Quarantined,
        managed: false,
        tags: vec!["a".into(), "B".into()],
        first: crate::model::Timestamp::parse("2026-11-01T08:00:00Z"),
        count: 5,
    }
}

#[track_caller]
fn check_error(filter: &str, expect: Expect) {
    let e = Filter::compile(filter, SCHEMA).expect_err("the filter is bad");
    expect.assert_eq(&e.to_string());
}

#[track_caller]
fn check_match(filter: &str, want: bool) {
    let f = Filter::compile(filter, SCHEMA).unwrap();
    assert_eq!(f.matches(&rec()), want, "{filter}");
}

#[test]
fn bad_filters_get_errors_naming_the_position() {
    check_error(
        "DeviceModel -eq",
        expect![[
            r#"Invalid filter syntax. For a description of the filter parameter syntax see the command help. "DeviceModel -eq" at position 16. Expected a value after '-eq'."#
        ]],
    );
    check_error(
        "Model -eq 'x'",
        expect![[
            r#"'Model' is not a recognized filterable property. For a description of the filter parameter syntax see the command help. "Model -eq 'x'" at position 1."#
        ]],
    );
    check_error(
        "DeviceAccessState -eq 'Maybe'",
        expect![[
            r#"Cannot convert value "Maybe" to type "Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessState". Error: "Unable to match the identifier name Maybe to a valid enumerator name. Specify one of the following enumerator names and try again: Unknown, Allowed, Blocked, Quarantined, DeviceDiscovery" "DeviceAccessState -eq 'Maybe'" at position 23."#
        ]],
    );
    check_error(
        "(DeviceModel -eq 'x'",
        expect![[
            r#"Invalid filter syntax. For a description of the filter parameter syntax see the command help. "(DeviceModel -eq 'x'" at position 1. The '(' here is not closed."#
        ]],
    );
    check_error(
        "DeviceModel -eq 'x",
        expect![[
            r#"Invalid filter syntax. For a description of the filter parameter syntax see the command help. "DeviceModel -eq 'x" at position 17. The string starting here is not terminated."#
        ]],
    );
    check_error(
        "DeviceModel -eq $x",
        expect![[
            r#"Invalid filter syntax. For a description of the filter parameter syntax see the command help. "DeviceModel -eq $x" at position 17. The variable '$x' can't be used in a filter: only $true, $false and $null can. Put the variable's value in the filter text instead (for example with a double-quoted string)."#
        ]],
    );
    check_error(
        "DeviceModel -match 'x'",
        expect![[
            r#"Invalid filter syntax. For a description of the filter parameter syntax see the command help. "DeviceModel -match 'x'" at position 13. '-match' is not a comparison operator; use -eq, -ne, -lt, -gt, -le, -ge, -like or -notlike."#
        ]],
    );
    check_error(
        "IsManaged -eq 'perhaps'",
        expect![[
            r#"Cannot convert value "perhaps" to type "System.Boolean". Error: "String was not recognized as a valid Boolean; use $true or $false." "IsManaged -eq 'perhaps'" at position 15."#
        ]],
    );
    check_error(
        "DeviceModel -eq 'x' 'y'",
        expect![[
            r#"Invalid filter syntax. For a description of the filter parameter syntax see the command help. "DeviceModel -eq 'x' 'y'" at position 21. Unexpected the string 'y'."#
        ]],
    );
}

#[test]
fn comparisons_follow_directory_semantics() {
    check_match("devicemodel -eq 'IPHONE6C2'", true);
    check_match("DeviceModel -eq iPhone6C2", true);
    check_match("DeviceModel -like 'iphone*'", true);
    check_match("DeviceModel -notlike '*6C2'", false);
    check_match("DeviceModel -ne $null", true);
    check_match("DeviceAccessState -eq 'quarantined'", true);
    check_match("DeviceAccessState -eq 3", true);
    check_match("DeviceAccessState -gt 'Allowed'", true);
    check_match("IsManaged -eq $false", true);
    check_match("Tags -eq 'b'", true);
    check_match("Tags -eq 'c'", false);
    check_match("FirstSyncTime -lt '11/2/2026'", true);
    check_match("FirstSyncTime -gt '2026-11-01T09:00:00Z'", false);
    check_match("Count -ge 5 -and Count -le 5", true);
    check_match("-not (Count -eq 5) -or DeviceModel -eq 'x'", false);
    check_match("-not(DeviceModel -eq 'x')", true);
    check_match("Tags -eq `$null", false);
    check_match("DeviceModel -eq 'it''s'", false);
}

#[test]
fn plans_use_equality_terms_and_give_up_on_negation() {
    let indexed = |p: usize| p <= 1;
    let plan = |f: &str| {
        let f = Filter::compile(f, SCHEMA).unwrap();
        format!("{:?}", f.plan(indexed))
    };
    expect![[r#"Some(Lookup { prop: 0, lit: Str("x") })"#]]
        .assert_eq(&plan("DeviceModel -eq 'x' -and Count -gt 1"));
    expect!["None"].assert_eq(&plan("DeviceModel -eq 'x' -or Count -gt 1"));
    expect!["None"].assert_eq(&plan("-not (DeviceModel -eq 'x')"));
    expect![[r#"Some(Union([Lookup { prop: 0, lit: Str("x") }, Lookup { prop: 1, lit: Enum(EnumValue { type_name: "Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessState", name: "Allowed", number: 1 }) }]))"#]]
        .assert_eq(&plan("DeviceModel -eq 'x' -or DeviceAccessState -eq 'Allowed'"));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "{}DeviceModel -eq 'x'{}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert!(parse(&deep).is_err());
    let nots = format!("{}DeviceModel -eq 'x'", "-not ".repeat(10_000));
    assert!(parse(&nots).is_err());
    let long = vec!["DeviceModel -eq 'x'"; 10_000].join(" -or ");
    assert!(Filter::compile(&long, SCHEMA).is_ok());
}

proptest! {
    #[test]
    fn parsing_never_panics(text in "\\PC{0,60}") {
        let _ = Filter::compile(&text, SCHEMA);
    }

    #[test]
    fn parsing_token_soup_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("("), Just(")"), Just("-eq"), Just("-and"), Just("-or"), Just("-not"), Just("-like"),
                Just("$null"), Just("$true"), Just("`$false"), Just("'x'"), Just("\"y\""), Just("DeviceModel"),
                Just("Count"), Just("'"), Just("-"), Just("$"), Just("`"), Just("''"), Just("5"), Just("*"),
            ],
            0..30,
        )
    ) {
        let text = parts.join(" ");
        let _ = Filter::compile(&text, SCHEMA);
        let _ = Filter::compile(&parts.concat(), SCHEMA);
    }

    #[test]
    fn canonical_text_reparses_to_the_same_tree(text in "[a-zA-Z() '$*-]{0,40}") {
        if let Ok(expr) = parse(&text) {
            let again = parse(&expr.to_string()).expect("canonical text parses");
            prop_assert_eq!(strip_positions(&expr), strip_positions(&again));
        }
    }
}

fn strip_positions(e: &Expr) -> Expr {
    match e {
        Expr::And(items) => Expr::And(items.iter().map(strip_positions).collect()),
        Expr::Or(items) => Expr::Or(items.iter().map(strip_positions).collect()),
        Expr::Not(i) => Expr::Not(Box::new(strip_positions(i))),
        Expr::Cmp {
            property,
            op,
            value,
            ..
        } => Expr::Cmp {
            property: property.clone(),
            property_pos: 0,
            op: *op,
            value: value.clone(),
            value_pos: 0,
        },
    }
}
