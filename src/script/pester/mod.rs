//! Pester 5 for the shell: `*.Tests.ps1` files written with `Describe`/`Context`/`It`, `BeforeAll`/`BeforeEach`/
//! `AfterEach`/`AfterAll` and `Should`, run in Pester 5's two phases — discovery (the file runs; blocks and tests
//! are collected, code outside them runs now and only now) and run (each block's setup, then its tests, each in
//! its own scope) — with Pester's console output and its JUnit 4 and NUnit 2.5 reports.
//!
//! The language layer knows nothing of tenants: the caller hands it `TestHosts`, which gives every top-level block
//! a host of its own (a fresh copy of the file's tenant, so no `Describe` sees another's changes), and a clock to
//! time tests with. Where the runner follows Pester, the source is `pester/Pester` branch `rel/5.x.x` (5.9.1):
//! `src/functions/Output.ps1` for the console, `src/functions/assertions/*.ps1` for `Should`'s texts,
//! `src/functions/TestResults.*.ps1` for the XML.
//!
//! Not here (errors, never silently ignored): `Mock`, `InModuleScope`, `Set-ItResult`, `TestDrive`, `-Focus`,
//! and `Should`'s `-Invoke`, `-Exist`, `-FileContentMatch`, `-HaveParameter`.

mod discovery;
mod format;
mod report;
mod run;
mod should;
mod xml;

#[cfg(test)]
mod tests;

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use crate::script::eval::interp::UtilityInfo;
use crate::script::host::CmdletHost;
use crate::script::syntax::ScriptBlock;
use crate::script::value::Value;

pub use report::{
    BlockResult, FileResult, Outcome, Summary, TestResult, human_time, write_summary,
};
pub use run::{Discovered, RunOptions, discover, run};
pub use xml::{ReportContext, junit, nunit};

/// The session's built-ins for a test file: the shell's utility cmdlets and Pester's commands.
/// The session's built-ins for a test file (utility cmdlets, then Pester's).
pub(crate) static BUILTINS: LazyLock<Vec<&'static UtilityInfo>> = LazyLock::new(|| {
    crate::script::utility::UTILITIES
        .iter()
        .copied()
        .chain(discovery::COMMANDS.iter().copied())
        .chain([&should::INFO])
        .collect()
});

/// Where a test file's cmdlets run. `discovery` runs the file's discovery phase; `fresh` runs one top-level
/// block with a host of its own (e.g. over a fresh copy of the file's tenant).
pub trait TestHosts {
    fn discovery(&mut self, run: &mut dyn FnMut(&mut dyn CmdletHost));
    fn fresh(&mut self, run: &mut dyn FnMut(&mut dyn CmdletHost));
}

/// The time since the run started (the runner times tests; the language reads no clock itself).
pub type Clock<'c> = &'c dyn Fn() -> Duration;

/// One test file: its path as the user gave it (shown in output and reports) and its text.
#[derive(Clone, Debug)]
pub struct TestFile {
    pub path: String,
    pub source: String,
}

/// A script block collected at discovery, with the source unit its spans point into.
#[derive(Clone, Debug)]
pub(crate) struct Code {
    pub(crate) block: Arc<ScriptBlock>,
    pub(crate) unit: u32,
}

/// `Describe` or `Context` (the root block of a file has neither).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Root,
    Describe,
    Context,
}

impl BlockKind {
    /// How Pester names the block on the console ("Describing x", "Context x").
    pub(crate) fn heading(self) -> &'static str {
        match self {
            BlockKind::Root => "",
            BlockKind::Describe => "Describing",
            BlockKind::Context => "Context",
        }
    }

    pub(crate) fn command(self) -> &'static str {
        match self {
            BlockKind::Root => "",
            BlockKind::Describe => "Describe",
            BlockKind::Context => "Context",
        }
    }
}

/// A block found at discovery: its setup and teardown, and what is inside, in order.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    pub(crate) kind: BlockKind,
    pub(crate) name: String,
    pub(crate) tags: Vec<String>,
    pub(crate) skip: bool,
    /// The `-ForEach` item this copy of the block was made for.
    pub(crate) data: Option<Value>,
    pub(crate) before_all: Vec<Code>,
    pub(crate) after_all: Vec<Code>,
    pub(crate) before_each: Vec<Code>,
    pub(crate) after_each: Vec<Code>,
    pub(crate) children: Vec<Node>,
}

impl Block {
    pub(crate) fn new(kind: BlockKind, name: String) -> Block {
        Block {
            kind,
            name,
            tags: Vec::new(),
            skip: false,
            data: None,
            before_all: Vec::new(),
            after_all: Vec::new(),
            before_each: Vec::new(),
            after_each: Vec::new(),
            children: Vec::new(),
        }
    }

    /// How many tests the block holds, nested ones included.
    pub(crate) fn test_count(&self) -> usize {
        self.children
            .iter()
            .map(|c| match c {
                Node::Block(b) => b.test_count(),
                Node::Test(_) => 1,
            })
            .sum()
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Node {
    Block(Block),
    Test(Test),
}

/// An `It` found at discovery (one per `-ForEach` item).
#[derive(Clone, Debug)]
pub(crate) struct Test {
    pub(crate) name: String,
    pub(crate) tags: Vec<String>,
    pub(crate) skip: bool,
    pub(crate) data: Option<Value>,
    pub(crate) body: Code,
    pub(crate) line: u32,
}
