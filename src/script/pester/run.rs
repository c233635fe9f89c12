//! Pester 5's two phases for one file. `discover` runs the file: the block commands collect `Describe`/`Context`
//! blocks, their setup and their `It`s; anything else runs now and only now (its variables and functions are
//! gone at run time, as in Pester 5). `run` then runs each top-level block on a host of its own (`TestHosts::
//! fresh`: a fresh copy of the tenant), in a fresh scope under the file's: `BeforeAll`/`AfterAll` in the block's
//! scope, each test in a child scope of it with the `BeforeEach`es of its blocks (outermost first), its body and
//! the `AfterEach`es (innermost first). A file's own top-level `BeforeAll`/`AfterAll` run with each top-level
//! block, on that block's tenant. Console lines follow Pester's Detailed output (`src/functions/Output.ps1`).

use std::time::Duration;

use crate::script::eval::convert::to_str;
use crate::script::eval::flow::{Flow, Res, RuntimeError};
use crate::script::eval::interp::{Interp, SessionState, Sink, exception_type};
use crate::script::eval::scope::{Qualifier, Scopes};
use crate::script::eval::{ConsoleColor, RunOutcome, SessionOptions, ShellError, ShellHost};
use crate::script::host::CmdletHost;
use crate::script::syntax::{self, LineIndex, ScriptBody, Severity};
use crate::script::value::Value;
use crate::script::wildcard::Wildcard;

use super::discovery::{Discovery, set_data};
use super::report::{BlockResult, FileResult, Outcome, TestResult, human_time, line, part};
use super::{BUILTINS, Block, BlockKind, Clock, Code, Node, Test, TestFile, TestHosts};

/// Which tests run, and how the session is set up.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Full-name wildcards (`Describe.Context.It`); a test runs when any matches (all run when empty).
    pub filter: Vec<String>,
    /// Tags (wildcards); a test runs when it or one of its blocks has one (all run when empty).
    pub tags: Vec<String>,
    /// Tags whose tests do not run.
    pub exclude_tags: Vec<String>,
    pub session: SessionOptions,
}

/// A file after discovery, ready to run.
pub struct Discovered {
    path: String,
    state: SessionState,
    /// The scopes the file started with (globals, `$PSScriptRoot`): every top-level block starts from them.
    base_scopes: Scopes,
    root: Block,
    failure: Option<String>,
    duration: Duration,
}

impl Discovered {
    pub fn path(&self) -> &str {
        &self.path
    }

    /// How many tests discovery found.
    pub fn test_count(&self) -> usize {
        self.root.test_count()
    }

    /// Why the file cannot run (rendered error), if it cannot.
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    pub fn duration(&self) -> Duration {
        self.duration
    }
}

/// Forwards everything but errors, which it keeps (discovery reports its failure itself).
struct KeepErrors<'o> {
    inner: &'o mut dyn ShellHost,
    errors: Vec<ShellError>,
}

impl ShellHost for KeepErrors<'_> {
    fn write_output(&mut self, text: &str) {
        self.inner.write_output(text);
    }
    fn write_host(&mut self, text: &str, colors: crate::script::eval::HostColors) {
        self.inner.write_host(text, colors);
    }
    fn write_warning(&mut self, message: &str) {
        self.inner.write_warning(message);
    }
    fn write_error(&mut self, error: &ShellError) {
        self.errors.push(error.clone());
    }
    fn write_verbose(&mut self, message: &str) {
        self.inner.write_verbose(message);
    }
    fn write_information(&mut self, text: &str) {
        self.inner.write_information(text);
    }
    fn confirm(
        &mut self,
        prompt: &crate::script::cmdlet::ConfirmPrompt<'_>,
    ) -> crate::script::cmdlet::ConfirmAnswer {
        self.inner.confirm(prompt)
    }
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        self.inner.read_file(path)
    }
    fn write_file(&mut self, path: &str, contents: &str, append: bool) -> Result<(), String> {
        self.inner.write_file(path, contents, append)
    }
}

/// The directory part of a path, as `$PSScriptRoot` holds it.
fn directory_of(path: &str) -> String {
    match path.rfind(['/', '\\']) {
        Some(0) => path[..1].to_string(),
        Some(i) => path[..i].to_string(),
        None => ".".to_string(),
    }
}

/// Runs the file's discovery phase.
pub fn discover(
    file: &TestFile,
    hosts: &mut dyn TestHosts,
    out: &mut dyn ShellHost,
    clock: Clock<'_>,
    options: &RunOptions,
) -> Discovered {
    let start = clock();
    let mut state = SessionState::new(options.session.clone(), BUILTINS.as_slice());
    state.scopes.set(
        Qualifier::Global,
        "PSScriptRoot",
        Value::str(directory_of(&file.path)),
    );
    state.scopes.set(
        Qualifier::Global,
        "PSCommandPath",
        Value::str(file.path.as_str()),
    );
    let base_scopes = state.scopes.clone();
    let parsed = syntax::parse(&file.source);
    let mut discovered = Discovered {
        path: file.path.clone(),
        state,
        base_scopes,
        root: Block::new(BlockKind::Root, String::new()),
        failure: None,
        duration: Duration::ZERO,
    };
    if parsed.has_errors() {
        let errors: Vec<_> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        let rendered = syntax::render_all(&file.source, &errors);
        discovered.failure = Some(
            rendered
                .trim_end()
                .replace("At line:", &format!("At {}:", file.path)),
        );
        discovered.duration = clock().saturating_sub(start);
        return discovered;
    }
    let unit = discovered.state.add_unit(&file.source);
    discovered.state.module_state = Some(Box::new(Discovery {
        stack: vec![Block::new(BlockKind::Root, String::new())],
        running: false,
        files: vec![(unit, file.path.clone())],
        path_len: 0,
    }));
    let mut keep = KeepErrors {
        inner: out,
        errors: Vec::new(),
    };
    let mut outcome = RunOutcome::Completed;
    let state = &mut discovered.state;
    hosts.discovery(&mut |host: &mut dyn CmdletHost| {
        let mut it = Interp::new(state, host, &mut keep, unit);
        outcome = it.run_script(&parsed.script);
    });
    let errors = std::mem::take(&mut keep.errors);
    let failed = !matches!(outcome, RunOutcome::Completed | RunOutcome::Exited(0));
    if failed {
        discovered.failure = Some(
            errors
                .last()
                .map(|e| e.rendered.clone())
                .unwrap_or_else(|| "The file stopped before its end.".to_string()),
        );
    } else {
        for e in &errors {
            out.write_error(e);
        }
    }
    if let Some(d) = discovery_mut(&mut discovered.state) {
        d.running = true;
        if let Some(root) = d.stack.drain(..).next() {
            discovered.root = root;
        }
    }
    discovered.duration = clock().saturating_sub(start);
    discovered
}

fn discovery_mut(st: &mut SessionState) -> Option<&mut Discovery> {
    st.module_state.as_mut()?.downcast_mut::<Discovery>()
}

/// Whether a test runs under the options: its full name matches a filter and its tags (with its blocks') are
/// selected.
fn selected(options: &RunOptions, names: &[&str], tags: &[&str]) -> bool {
    let full = names.join(".");
    let by_name = options.filter.is_empty()
        || options
            .filter
            .iter()
            .any(|f| Wildcard::new(f).matches(&full));
    let tag_hit = |wanted: &[String]| {
        wanted
            .iter()
            .any(|w| tags.iter().any(|t| Wildcard::new(w).matches(t)))
    };
    let by_tag = options.tags.is_empty() || tag_hit(&options.tags);
    by_name && by_tag && !tag_hit(&options.exclude_tags)
}

/// The chain of blocks a test or block is in, outermost first, with the selection data collected on the way.
#[derive(Clone, Default)]
struct Ancestry<'b> {
    blocks: Vec<&'b Block>,
    names: Vec<&'b str>,
    tags: Vec<&'b str>,
    /// The expanded names of the blocks entered (for the results' paths).
    expanded: Vec<String>,
    skip: bool,
}

impl<'b> Ancestry<'b> {
    fn with(&self, block: &'b Block) -> Ancestry<'b> {
        let mut a = self.clone();
        a.blocks.push(block);
        if block.kind != BlockKind::Root {
            a.names.push(&block.name);
        }
        a.tags.extend(block.tags.iter().map(String::as_str));
        a.skip |= block.skip;
        a
    }

    fn selects(&self, options: &RunOptions, test: &'b Test) -> bool {
        let mut names = self.names.clone();
        names.push(&test.name);
        let mut tags = self.tags.clone();
        tags.extend(test.tags.iter().map(String::as_str));
        selected(options, &names, &tags)
    }

    fn any_selected(&self, options: &RunOptions, block: &'b Block) -> bool {
        let inner = self.with(block);
        block.children.iter().any(|c| match c {
            Node::Test(t) => inner.selects(options, t),
            Node::Block(b) => inner.any_selected(options, b),
        })
    }
}

/// Runs a discovered file: every top-level block (and test) on a host of its own.
pub fn run(
    discovered: Discovered,
    hosts: &mut dyn TestHosts,
    out: &mut dyn ShellHost,
    clock: Clock<'_>,
    options: &RunOptions,
) -> FileResult {
    let start = clock();
    let Discovered {
        path,
        mut state,
        base_scopes,
        root,
        failure,
        duration: discovery_time,
    } = discovered;
    let mut result = FileResult {
        path: path.clone(),
        root: BlockResult::default(),
        failure,
        duration: discovery_time,
    };
    if let Some(f) = &result.failure {
        line(
            out,
            &format!("[-] Discovery in {path} failed with:"),
            ConsoleColor::Red,
        );
        line(out, f, ConsoleColor::Red);
        return result;
    }
    let root_ancestry = Ancestry::default().with(&root);
    if !Ancestry::default().any_selected(options, &root) {
        result.root = not_run(&root, &Ancestry::default());
        return result;
    }
    line(out, "", ConsoleColor::Magenta);
    line(
        out,
        &format!("Running tests from '{path}'"),
        ConsoleColor::Magenta,
    );
    let mut runner = Runner {
        options,
        clock,
        file: path,
    };
    for child in &root.children {
        state.scopes = base_scopes.clone();
        state.functions.clear();
        let mut child_result = None;
        hosts.fresh(&mut |host: &mut dyn CmdletHost| {
            let mut it = Interp::new(&mut state, host, &mut *out, 0);
            child_result = Some(runner.top_level(&mut it, &root, &root_ancestry, child));
        });
        match child_result {
            Some(ChildResult::Block(b)) => {
                result.root.blocks.push(b);
                result.root.order.push(true);
            }
            Some(ChildResult::Test(t)) => {
                result.root.tests.push(t);
                result.root.order.push(false);
            }
            None => {}
        }
    }
    result.duration = discovery_time + clock().saturating_sub(start);
    result.root.duration = result.duration;
    result
}

enum ChildResult {
    Block(BlockResult),
    Test(TestResult),
}

/// Every test of a block that does not run, as NotRun.
fn not_run(block: &Block, ancestry: &Ancestry<'_>) -> BlockResult {
    let inner = ancestry.with(block);
    let mut path: Vec<String> = ancestry.expanded.clone();
    if block.kind != BlockKind::Root {
        path.push(block.name.clone());
    }
    let mut r = BlockResult {
        path: path.clone(),
        ..BlockResult::default()
    };
    let mut inner = inner;
    inner.expanded.clone_from(&path);
    for c in &block.children {
        match c {
            Node::Test(t) => {
                r.tests.push(result_of(
                    &inner,
                    &path,
                    &t.name,
                    t,
                    Outcome::NotRun,
                    Duration::ZERO,
                ));
                r.order.push(false);
            }
            Node::Block(b) => {
                r.blocks.push(not_run(b, &inner));
                r.order.push(true);
            }
        }
    }
    r
}

fn result_of(
    ancestry: &Ancestry<'_>,
    path: &[String],
    name: &str,
    t: &Test,
    outcome: Outcome,
    d: Duration,
) -> TestResult {
    let mut p = path.to_vec();
    p.push(name.to_string());
    // Tests made by one `It -ForEach` form a group in the NUnit report, named by their unexpanded path.
    let group = t.data.is_some().then(|| {
        let mut names = ancestry.names.clone();
        names.push(&t.name);
        names.join(".")
    });
    TestResult {
        group,
        path: p,
        outcome,
        duration: d,
        message: None,
        stack_trace: None,
        data: data_values(t.data.as_ref()),
        line: t.line,
    }
}

fn data_values(data: Option<&Value>) -> Vec<String> {
    match data {
        Some(Value::Hashtable(h)) => h
            .iter()
            .map(|(_, v)| match v {
                Value::Null => "null".to_string(),
                Value::String(s) => format!("\"{s}\""),
                other => to_str(&other),
            })
            .collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(Value::String(s)) => vec![format!("\"{s}\"")],
        Some(other) => vec![to_str(other)],
    }
}

struct Runner<'o> {
    options: &'o RunOptions,
    clock: Clock<'o>,
    file: String,
}

/// A failure as Pester shows it: its message lines and where it happened.
struct Failure {
    message: String,
    trace: String,
}

impl Runner<'_> {
    /// Runs one child of the file's root with the root's setup around it.
    fn top_level(
        &mut self,
        it: &mut Interp<'_>,
        root: &Block,
        root_ancestry: &Ancestry<'_>,
        child: &Node,
    ) -> ChildResult {
        let depth = it.st.scopes.depth();
        it.st.scopes.push();
        let setup = self.run_setup(it, &root.before_all, None);
        let r = match child {
            Node::Block(b) => ChildResult::Block(self.block(it, b, root_ancestry, setup.as_ref())),
            Node::Test(t) => ChildResult::Test(self.test(it, t, root_ancestry, setup.as_ref())),
        };
        let _ = self.run_setup(it, &root.after_all, None);
        it.st.scopes.truncate(depth);
        r
    }

    /// Runs setup blocks dot-sourced in the current scope; the first failure stops them.
    fn run_setup(
        &mut self,
        it: &mut Interp<'_>,
        code: &[Code],
        data: Option<&Value>,
    ) -> Option<Failure> {
        for c in code {
            if let Err(f) = self.dot_source(it, c, data) {
                return self.failure(it, f);
            }
        }
        None
    }

    fn dot_source(&mut self, it: &mut Interp<'_>, c: &Code, data: Option<&Value>) -> Res<()> {
        let mut out = Vec::new();
        let item = data.cloned().unwrap_or(Value::Null);
        it.try_depth += 1;
        let (r, _) = it.run_block(&c.block, c.unit, item, Vec::new(), true, &mut out);
        it.try_depth -= 1;
        r
    }

    /// The failure a flow stands for (`None` for a `return`, which ends a test normally).
    fn failure(&self, it: &Interp<'_>, f: Flow) -> Option<Failure> {
        match f {
            Flow::Return | Flow::Break(_) | Flow::Continue(_) => None,
            Flow::Exit(code) => Some(Failure {
                message: format!("The test called exit {code}."),
                trace: String::new(),
            }),
            Flow::Stopped => Some(Failure {
                message: "The pipeline has been stopped.".to_string(),
                trace: String::new(),
            }),
            Flow::Error(e) => Some(self.describe_error(it, &e)),
        }
    }

    /// `ConvertTo-FailureLines`: an assertion's message as is, other errors prefixed with their exception's
    /// name; then `at LINE-TEXT, FILE:LINE` for assertions and `at <ScriptBlock>, FILE:LINE`.
    fn describe_error(&self, it: &Interp<'_>, e: &RuntimeError) -> Failure {
        let assertion = e.record.error_id == "PesterAssertionFailed";
        let message = if assertion {
            e.record.message.clone()
        } else {
            let ty = exception_type(e.record.error_id);
            let short = ty.rsplit('.').next().unwrap_or(&ty).to_string();
            let mut lines = e.record.message.lines();
            let first = lines.next().unwrap_or_default();
            let rest: Vec<&str> = lines.collect();
            let mut m = format!("{short}: {first}");
            for l in rest {
                m.push('\n');
                m.push_str(l);
            }
            m
        };
        let mut trace = Vec::new();
        if let (Some(span), Some(src)) = (e.span, it.st.units.get(e.unit as usize)) {
            let p = LineIndex::new(src).position(span.start);
            let text = src
                .lines()
                .nth(p.line.saturating_sub(1) as usize)
                .unwrap_or_default();
            let file = discovery_ref(it.st)
                .and_then(|d| d.file_of(e.unit))
                .unwrap_or(&self.file)
                .to_string();
            if assertion {
                trace.push(format!("at {}, {file}:{}", text.trim(), p.line));
            }
            trace.push(format!("at <ScriptBlock>, {file}:{}", p.line));
        }
        Failure {
            message,
            trace: trace.join("\n"),
        }
    }

    fn block(
        &mut self,
        it: &mut Interp<'_>,
        block: &Block,
        ancestry: &Ancestry<'_>,
        parent_failure: Option<&Failure>,
    ) -> BlockResult {
        if !ancestry.any_selected(self.options, block) {
            return not_run(block, ancestry);
        }
        let start = (self.clock)();
        let depth = it.st.scopes.depth();
        it.st.scopes.push();
        set_data(it, block.data.as_ref());
        let name = self.expand(it, &block.name, block.data.as_ref());
        let mut inner = ancestry.with(block);
        inner.expanded.push(name.clone());
        let level = inner.expanded.len();
        let margin = " ".repeat(level - 1);
        let color = if block.kind == BlockKind::Context {
            ConsoleColor::Cyan
        } else {
            ConsoleColor::Green
        };
        // Under a failed setup nothing runs, so nothing is written but the failure (Write-BlockToScreen runs
        // before a test's setup).
        if parent_failure.is_none() {
            line(
                &mut *it.out,
                &format!("{margin}{} {name}", block.kind.heading()),
                color,
            );
        }
        let mut result = BlockResult {
            path: inner.expanded.clone(),
            ..BlockResult::default()
        };
        let setup = if parent_failure.is_none() && !inner.skip {
            self.run_setup(it, &block.before_all, block.data.as_ref())
        } else {
            None
        };
        let failure = parent_failure.or(setup.as_ref());
        for child in &block.children {
            match child {
                Node::Test(t) => {
                    result.tests.push(self.test(it, t, &inner, failure));
                    result.order.push(false);
                }
                Node::Block(b) => {
                    result.blocks.push(self.block(it, b, &inner, failure));
                    result.order.push(true);
                }
            }
        }
        let teardown = if parent_failure.is_none() && !inner.skip {
            self.run_setup(it, &block.after_all, block.data.as_ref())
        } else {
            None
        };
        let own = setup.or(teardown);
        if let Some(f) = &own {
            line(
                &mut *it.out,
                &format!(
                    "[-] {} {} failed",
                    block.kind.command(),
                    result.path.join(".")
                ),
                ConsoleColor::Red,
            );
            let text = with_margin(&join_failure(f), &" ".repeat(level));
            line(&mut *it.out, &text, ConsoleColor::Red);
            result.error = Some(join_failure(f));
        }
        it.st.scopes.truncate(depth);
        result.duration = (self.clock)().saturating_sub(start);
        result
    }

    fn test(
        &mut self,
        it: &mut Interp<'_>,
        test: &Test,
        ancestry: &Ancestry<'_>,
        block_failure: Option<&Failure>,
    ) -> TestResult {
        if !ancestry.selects(self.options, test) {
            return result_of(
                ancestry,
                &ancestry.expanded,
                &test.name,
                test,
                Outcome::NotRun,
                Duration::ZERO,
            );
        }
        let level = ancestry.expanded.len() + 1;
        let margin = " ".repeat(level);
        if block_failure.is_some() {
            // Get-ErrorForXmlReport: a test whose block's setup failed did not run but counts as failed.
            let mut r = result_of(
                ancestry,
                &ancestry.expanded,
                &test.name,
                test,
                Outcome::Failed,
                Duration::ZERO,
            );
            r.message = Some(
                "This test should run but it did not. Most likely a setup in some parent block failed."
                    .to_string(),
            );
            return r;
        }
        let start = (self.clock)();
        let depth = it.st.scopes.depth();
        it.st.scopes.push();
        set_data(it, test.data.as_ref());
        // `$_` is the test's own -ForEach item, else that of the nearest data-driven block around it.
        let item = test
            .data
            .as_ref()
            .or_else(|| ancestry.blocks.iter().rev().find_map(|b| b.data.as_ref()))
            .cloned();
        let name = self.expand(it, &test.name, item.as_ref());
        if test.skip || ancestry.skip {
            it.st.scopes.truncate(depth);
            part(
                &mut *it.out,
                &format!("{margin}[!] {name}"),
                ConsoleColor::Yellow,
            );
            line(&mut *it.out, " 0ms (0ms|0ms)", ConsoleColor::DarkGray);
            return result_of(
                ancestry,
                &ancestry.expanded,
                &name,
                test,
                Outcome::Skipped,
                Duration::ZERO,
            );
        }
        if let Some(d) = discovery_mut(it.st) {
            d.path_len = level;
        }
        let user_start = (self.clock)();
        let mut failure = None;
        for b in &ancestry.blocks {
            if failure.is_none() {
                failure = self.run_setup(it, &b.before_each, item.as_ref());
            }
        }
        if failure.is_none()
            && let Err(f) = self.dot_source(it, &test.body, item.as_ref())
        {
            failure = self.failure(it, f);
        }
        for b in ancestry.blocks.iter().rev() {
            let teardown = self.run_setup(it, &b.after_each, item.as_ref());
            if failure.is_none() {
                failure = teardown;
            }
        }
        let user = (self.clock)().saturating_sub(user_start);
        it.st.scopes.truncate(depth);
        let total = (self.clock)().saturating_sub(start);
        let framework = total.saturating_sub(user);
        let time = format!(
            " {} ({}|{})",
            human_time(total),
            human_time(user),
            human_time(framework)
        );
        let outcome = if failure.is_some() {
            Outcome::Failed
        } else {
            Outcome::Passed
        };
        let mut r = result_of(ancestry, &ancestry.expanded, &name, test, outcome, total);
        match &failure {
            None => {
                part(
                    &mut *it.out,
                    &format!("{margin}[+] {name}"),
                    ConsoleColor::DarkGreen,
                );
                line(&mut *it.out, &time, ConsoleColor::DarkGray);
            }
            Some(f) => {
                part(
                    &mut *it.out,
                    &format!("{margin}[-] {name}"),
                    ConsoleColor::Red,
                );
                line(&mut *it.out, &time, ConsoleColor::DarkGray);
                let text = with_margin(&join_failure(f), &format!("{margin} "));
                line(&mut *it.out, &text, ConsoleColor::Red);
                r.message = Some(f.message.clone());
                r.stack_trace = Some(f.trace.clone());
            }
        }
        r
    }

    /// A name with its `<key>` templates expanded in the current scope (It.ps1: `<x>` is `$($x)`).
    fn expand(&mut self, it: &mut Interp<'_>, name: &str, data: Option<&Value>) -> String {
        if !name.contains('<') {
            return name.to_string();
        }
        let mut out = String::new();
        let mut rest = name;
        while let Some(open) = rest.find('<') {
            let escaped = rest[..open].ends_with('`');
            let after = &rest[open + 1..];
            let close = after.find('>');
            match close {
                Some(close) if !escaped && close > 0 && !after[..close].contains(['^', '`']) => {
                    out.push_str(&rest[..open]);
                    let expr = &after[..close];
                    out.push_str(&self.evaluate(it, expr, data));
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push_str(&rest[..=open]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// `$(<expr>)` in the current scope, as text (empty when it fails, as an expandable string would show).
    fn evaluate(&mut self, it: &mut Interp<'_>, expr: &str, data: Option<&Value>) -> String {
        let source = format!("${expr}");
        let parsed = syntax::parse(&source);
        if parsed.has_errors() {
            return String::new();
        }
        let unit = it.st.add_unit(&source);
        let saved_unit = std::mem::replace(&mut it.unit, unit);
        let saved_item =
            std::mem::replace(&mut it.underscore, data.cloned().unwrap_or(Value::Null));
        let mut values = Vec::new();
        let r = match &parsed.script.body {
            ScriptBody::Statements(s) => it.exec_all(s, &mut Sink::Collect(&mut values)),
            ScriptBody::Named(_) => Ok(()),
        };
        it.unit = saved_unit;
        it.underscore = saved_item;
        if r.is_err() {
            return String::new();
        }
        let ofs = " ";
        values
            .iter()
            .flat_map(|v| match v {
                Value::Array(items) => items.to_vec(),
                other => vec![other.clone()],
            })
            .map(|v| to_str(&v))
            .collect::<Vec<_>>()
            .join(ofs)
    }
}

fn discovery_ref(st: &SessionState) -> Option<&Discovery> {
    st.module_state.as_ref()?.downcast_ref::<Discovery>()
}

fn join_failure(f: &Failure) -> String {
    if f.trace.is_empty() {
        f.message.clone()
    } else {
        format!("{}\n{}", f.message, f.trace)
    }
}

/// Every line with `margin` in front (Format-ErrorMessage's `-replace '(?m)^', $ErrorMargin`).
fn with_margin(text: &str, margin: &str) -> String {
    text.split('\n')
        .map(|l| format!("{margin}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
