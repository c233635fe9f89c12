//! Pester's block commands as discovery sees them: `Describe` and `Context` run their body now (it is where
//! `It`s and setup blocks are declared; any other code in it runs now and only now), `It` and
//! `BeforeAll`/`BeforeEach`/`AfterEach`/`AfterAll` are recorded on the innermost open block. `-ForEach` (or
//! `-TestCases` on `It`) makes one block or test per item, with the item as `$_` and a hashtable item's keys as
//! variables. Parameters and texts: pester/Pester `rel/5.x.x`, `src/functions/Describe.ps1`, `Context.ps1`,
//! `It.ps1`, `SetupTeardown.ps1`.

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::syntax::LineIndex;
use crate::script::value::Value;

use super::{Block, BlockKind, Code, Node, Test};
use crate::script::eval::args::UArgs;
use crate::script::eval::convert::{enumerate, to_str};
use crate::script::eval::flow::{Res, RuntimeError, runtime};
use crate::script::eval::interp::{Interp, Stage, UtilityInfo};
use crate::script::eval::scope::Qualifier;

/// What the session keeps while a test file is discovered and run.
#[derive(Debug, Default)]
pub(crate) struct Discovery {
    /// The open blocks, outermost (the file's root) first.
    pub(crate) stack: Vec<Block>,
    /// True once discovery is over: block commands then refuse to run (Pester 5 declares tests only at
    /// discovery).
    pub(crate) running: bool,
    /// The file each source unit is (for failure positions).
    pub(crate) files: Vec<(u32, String)>,
    /// How many names the running test's path has (its blocks and itself), for Should's string report.
    pub(crate) path_len: usize,
}

impl Discovery {
    pub(crate) fn file_of(&self, unit: u32) -> Option<&str> {
        self.files
            .iter()
            .find(|(u, _)| *u == unit)
            .map(|(_, f)| f.as_str())
    }
}

pub(crate) static COMMANDS: &[&UtilityInfo] = &[
    &DESCRIBE,
    &CONTEXT,
    &IT,
    &BEFORE_ALL,
    &BEFORE_EACH,
    &AFTER_EACH,
    &AFTER_ALL,
];

const BLOCK_PARAMS: &[ParameterInfo] = &[
    ParameterInfo::value("Name", "String")
        .position(0)
        .mandatory()
        .help("The block's name; `<key>` expands from its -ForEach data."),
    ParameterInfo::value("Tag", "String[]")
        .aliases(&["Tags"])
        .help("Tags that `easim test --tag` selects by."),
    ParameterInfo::value("Fixture", "ScriptBlock")
        .position(1)
        .help("The block's body: It, Context and setup blocks."),
    ParameterInfo::switch("Skip").help("Skips every test in the block."),
    ParameterInfo::value("ForEach", "Object")
        .help("Makes one copy of the block per item ($_ and, for hashtables, a variable per key)."),
];

const NO_EXAMPLES: &[Example] = &[];

pub(crate) static DESCRIBE: UtilityInfo = UtilityInfo {
    name: "Describe",
    aliases: &[],
    synopsis: "Creates a logical group of tests (Pester).",
    params: BLOCK_PARAMS,
    examples: NO_EXAMPLES,
    build: |it, args| block_command(it, args, BlockKind::Describe),
};

pub(crate) static CONTEXT: UtilityInfo = UtilityInfo {
    name: "Context",
    aliases: &[],
    synopsis: "Provides logical grouping of It blocks within a single Describe block (Pester).",
    params: BLOCK_PARAMS,
    examples: NO_EXAMPLES,
    build: |it, args| block_command(it, args, BlockKind::Context),
};

pub(crate) static IT: UtilityInfo = UtilityInfo {
    name: "It",
    aliases: &[],
    synopsis: "Validates the results of a test inside of a Describe block (Pester).",
    params: &[
        ParameterInfo::value("Name", "String")
            .position(0)
            .mandatory()
            .help("The test's name; `<key>` expands from its -ForEach data."),
        ParameterInfo::value("Test", "ScriptBlock")
            .position(1)
            .help("The test's body."),
        ParameterInfo::value("ForEach", "Object[]")
            .aliases(&["TestCases"])
            .help("Makes one test per item ($_ and, for hashtables, a variable per key)."),
        ParameterInfo::value("Tag", "String[]").help("Tags that `easim test --tag` selects by."),
        ParameterInfo::switch("Pending").help("Marks the test as pending (reported as skipped)."),
        ParameterInfo::switch("Skip").help("Skips the test."),
    ],
    examples: NO_EXAMPLES,
    build: build_it,
};

const SETUP_PARAMS: &[ParameterInfo] = &[ParameterInfo::value("Scriptblock", "ScriptBlock")
    .position(0)
    .mandatory()];

/// Which list of the open block a setup command adds to.
#[derive(Clone, Copy)]
enum Setup {
    BeforeAll,
    BeforeEach,
    AfterEach,
    AfterAll,
}

pub(crate) static BEFORE_ALL: UtilityInfo = UtilityInfo {
    name: "BeforeAll",
    aliases: &[],
    synopsis: "Runs once before the tests of the block it is in (Pester).",
    params: SETUP_PARAMS,
    examples: NO_EXAMPLES,
    build: |it, args| setup_command(it, args, Setup::BeforeAll),
};

pub(crate) static BEFORE_EACH: UtilityInfo = UtilityInfo {
    name: "BeforeEach",
    aliases: &[],
    synopsis: "Runs before each test of the block it is in, in the test's scope (Pester).",
    params: SETUP_PARAMS,
    examples: NO_EXAMPLES,
    build: |it, args| setup_command(it, args, Setup::BeforeEach),
};

pub(crate) static AFTER_EACH: UtilityInfo = UtilityInfo {
    name: "AfterEach",
    aliases: &[],
    synopsis: "Runs after each test of the block it is in, even when the test failed (Pester).",
    params: SETUP_PARAMS,
    examples: NO_EXAMPLES,
    build: |it, args| setup_command(it, args, Setup::AfterEach),
};

pub(crate) static AFTER_ALL: UtilityInfo = UtilityInfo {
    name: "AfterAll",
    aliases: &[],
    synopsis: "Runs once after the tests of the block it is in (Pester).",
    params: SETUP_PARAMS,
    examples: NO_EXAMPLES,
    build: |it, args| setup_command(it, args, Setup::AfterAll),
};

/// The session's discovery state, or the error for a block command used outside discovery.
fn discovery<'a>(it: &'a mut Interp<'_>, command: &str) -> Res<&'a mut Discovery> {
    let state = it
        .st
        .module_state
        .as_mut()
        .and_then(|s| s.downcast_mut::<Discovery>());
    match state {
        Some(d) if !d.running => Ok(d),
        Some(_) => Err(runtime(
            ErrorCategory::InvalidOperation,
            "PesterBlockInRun",
            format!(
                "{command} cannot be used inside It, BeforeAll, BeforeEach, AfterEach or AfterAll: Pester 5 declares blocks and tests while it discovers the file, so put {command} directly in a Describe or Context."
            ),
        )
        .into()),
        None => Err(runtime(
            ErrorCategory::InvalidOperation,
            "PesterNotRunning",
            format!("{command} is a Pester command: run the file with `easim test`."),
        )
        .into()),
    }
}

/// The stored script block an argument names, if it is one.
fn code(it: &Interp<'_>, v: Option<&Value>) -> Option<Code> {
    let (block, unit) = it.stored_block(v?)?;
    Some(Code { block, unit })
}

/// The 1-based line a block starts on.
fn line_of(it: &Interp<'_>, c: &Code) -> u32 {
    match it.st.units.get(c.unit as usize) {
        Some(src) => LineIndex::new(src).position(c.block.span.start).line,
        None => 0,
    }
}

fn strings(v: Option<Value>) -> Vec<String> {
    v.map(|v| enumerate(v).iter().map(to_str).collect())
        .unwrap_or_default()
}

/// The items `-ForEach` makes copies for: `None` when it was not given (one copy, no data); an empty list when
/// it was `$null` or `@()` (no copies, as Pester does).
fn data_items(args: &mut UArgs) -> Vec<Option<Value>> {
    match args.take("ForEach") {
        None => vec![None],
        Some(Value::Null) => Vec::new(),
        Some(v) => enumerate(v).into_iter().map(Some).collect(),
    }
}

/// Sets a data item's variables in the current scope: `$_`'s value is passed separately; a hashtable's keys
/// become variables.
pub(crate) fn set_data(it: &mut Interp<'_>, data: Option<&Value>) {
    if let Some(Value::Hashtable(h)) = data {
        for (k, v) in h.iter() {
            it.st.scopes.set(Qualifier::Local, &k, v.clone());
        }
    }
}

/// Runs `code` in a new child scope with `data` as `$_` and its variables; its output is dropped.
pub(crate) fn run_in_child(it: &mut Interp<'_>, c: &Code, data: Option<&Value>) -> Res<()> {
    let depth = it.st.scopes.depth();
    it.st.scopes.push();
    set_data(it, data);
    let mut out = Vec::new();
    let item = data.cloned().unwrap_or(Value::Null);
    let (r, _) = it.run_block(&c.block, c.unit, item, Vec::new(), true, &mut out);
    it.st.scopes.truncate(depth);
    r
}

fn no_fixture(command: &str, name: &str) -> RuntimeError {
    // Describe.ps1 / It.ps1: the texts Pester throws when the script block is missing.
    let message = match (command, name.contains('\n')) {
        ("It", true) => {
            "Test name has multiple lines and no test scriptblock is provided. Did you provide the test name?"
        }
        ("It", false) => {
            "No test scriptblock is provided. Did you put the opening curly brace on the next line?"
        }
        (_, true) => {
            "Test fixture name has multiple lines and no test fixture is provided. (Have you provided a name for the test group?)"
        }
        (_, false) => {
            "No test fixture is provided. (Have you put the open curly brace on the next line?)"
        }
    };
    runtime(ErrorCategory::InvalidArgument, "RuntimeException", message)
}

fn nothing() -> Box<dyn Stage> {
    Box::new(crate::script::utility::MapStage {
        f: |_: &mut Interp<'_>, _: Option<Value>, _: &mut Vec<Value>| Ok(()),
    })
}

fn block_command(it: &mut Interp<'_>, mut args: UArgs, kind: BlockKind) -> Res<Box<dyn Stage>> {
    discovery(it, kind.command())?;
    let name = args.string("Name").unwrap_or_default();
    let Some(fixture) = code(it, args.get("Fixture")) else {
        return Err(no_fixture(kind.command(), &name).into());
    };
    let tags = strings(args.take("Tag"));
    let skip = args.switch("Skip");
    for data in data_items(&mut args) {
        let mut block = Block::new(kind, name.clone());
        block.tags.clone_from(&tags);
        block.skip = skip;
        block.data.clone_from(&data);
        discovery(it, kind.command())?.stack.push(block);
        let r = run_in_child(it, &fixture, data.as_ref());
        let d = discovery(it, kind.command())?;
        let block = d.stack.pop();
        r?;
        if let (Some(block), Some(parent)) = (block, d.stack.last_mut()) {
            parent.children.push(Node::Block(block));
        }
    }
    Ok(nothing())
}

fn build_it(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    discovery(it, "It")?;
    let name = args.string("Name").unwrap_or_default();
    let Some(body) = code(it, args.get("Test")) else {
        return Err(no_fixture("It", &name).into());
    };
    let tags = strings(args.take("Tag"));
    let skip = args.switch("Skip") || args.switch("Pending");
    let line = line_of(it, &body);
    let items = data_items(&mut args);
    let d = discovery(it, "It")?;
    let Some(parent) = d.stack.last_mut() else {
        return Ok(nothing());
    };
    for data in items {
        parent.children.push(Node::Test(Test {
            name: name.clone(),
            tags: tags.clone(),
            skip,
            data,
            body: body.clone(),
            line,
        }));
    }
    Ok(nothing())
}

fn setup_command(it: &mut Interp<'_>, args: UArgs, which: Setup) -> Res<Box<dyn Stage>> {
    let command = match which {
        Setup::BeforeAll => "BeforeAll",
        Setup::BeforeEach => "BeforeEach",
        Setup::AfterEach => "AfterEach",
        Setup::AfterAll => "AfterAll",
    };
    discovery(it, command)?;
    let Some(c) = code(it, args.get("Scriptblock")) else {
        return Err(runtime(
            ErrorCategory::InvalidArgument,
            "ParameterBindingException",
            format!("{command} needs a script block: {command} {{ … }}."),
        )
        .into());
    };
    let d = discovery(it, command)?;
    if let Some(block) = d.stack.last_mut() {
        match which {
            Setup::BeforeAll => block.before_all.push(c),
            Setup::BeforeEach => block.before_each.push(c),
            Setup::AfterEach => block.after_each.push(c),
            Setup::AfterAll => block.after_all.push(c),
        }
    }
    Ok(nothing())
}
