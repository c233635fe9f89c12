//! Reads Rust sources with `syn` and names what they reference the way the compiler would: every `use` tree
//! expanded (groups, nested groups, renames, globs, `self`), `crate::`/`self::`/`super::…` and the binary's
//! `easim::` resolved to absolute paths, names brought in by `use` followed, and every path written inline in
//! expressions, types, attributes and macro arguments counted too. Also collects the hygiene findings (`#[ignore]`,
//! `#[should_panic]`, `dbg!`, library `.unwrap()`). It judges nothing about layering: `check.rs` does that.
//!
//! Deliberately approximate where the compiler needs type information: one name table per module (a `use` inside a
//! function counts for its whole module), glob imports are followed one level deep, and single-segment paths
//! (`Tenant`, `x`) are not references of their own (the `use` that brought the name in is).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::visit::{self, Visit};

/// An absolute path, segment by segment: `["crate", "script", "eval"]`, `["std", "fs", "read"]`. The library's
/// modules start with `crate`; a binary's with `bin`, its name, then its own modules (`["bin", "easim", "serve"]`).
pub(crate) type Path = Vec<String>;

/// Renders a path the way it is written.
pub(crate) fn show(path: &[String]) -> String {
    path.join("::")
}

/// Parses `a::b::c` into a path.
pub(crate) fn parse_path(text: &str) -> Path {
    text.split("::").map(str::to_owned).collect()
}

/// Whether `path` is `prefix` or lies under it, segment by segment.
pub(crate) fn starts_with(path: &[String], prefix: &[String]) -> bool {
    path.len() >= prefix.len() && path[..prefix.len()] == *prefix
}

/// One source file: its path relative to the repository root and its text.
pub(crate) struct Source {
    pub(crate) rel: String,
    pub(crate) text: String,
}

/// A place in the sources: `src/eas/dispatch.rs:12`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Place {
    pub(crate) file: String,
    pub(crate) line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Something a module's code names: an imported leaf of a `use` tree or a path written inline.
#[derive(Debug, Clone)]
pub(crate) struct Reference {
    pub(crate) at: Place,
    /// The module the code sits in (an inline `mod` counts as its own module).
    pub(crate) module: Path,
    /// As written, e.g. `super::super::server::x` or `crate::{model::X, …}`'s leaf `crate::model::X`.
    pub(crate) written: String,
    /// Resolved to an absolute path, through every `use` on the way.
    pub(crate) path: Path,
    /// The absolute forms on the way there (`crate::model::eq_ci` for `crate::model::ci::eq_ci`).
    pub(crate) via: Vec<Path>,
    /// Inside `#[cfg(test)]` code (a test module, a `tests.rs` pulled in by `#[cfg(test)] mod tests;`, a `#[test]`).
    pub(crate) in_test: bool,
}

/// What the sources say, ready to be checked.
#[derive(Default)]
pub(crate) struct Analysis {
    /// Each `src/` file with its module path.
    pub(crate) files: Vec<(String, Path)>,
    /// Every module: one per file plus every inline `mod { … }`.
    pub(crate) modules: BTreeSet<Path>,
    pub(crate) references: Vec<Reference>,
    /// Hygiene: `#[ignore]`, `#[should_panic]`, `dbg!`, `.unwrap()` outside tests in `src/`.
    pub(crate) findings: Vec<(Place, String)>,
    /// Files `syn` could not parse.
    pub(crate) errors: Vec<String>,
}

/// The module a file under `src/` defines: `src/script/eval/interp.rs` -> `crate::script::eval::interp`,
/// `mod.rs` -> its directory, `src/lib.rs` -> `crate`, `src/bin/easim/*` -> `bin::easim::*`. `None` outside `src/`.
pub(crate) fn module_of(rel: &str) -> Option<Path> {
    let rest = rel.strip_prefix("src/")?.strip_suffix(".rs")?;
    let mut parts: Vec<&str> = rest.split('/').collect();
    let mut out: Path = if parts.first() == Some(&"bin") && parts.len() >= 2 {
        parts.remove(0);
        let name = parts.remove(0);
        if parts == ["main"] {
            parts.clear();
        }
        vec!["bin".into(), name.into()]
    } else {
        if parts == ["lib"] {
            parts.clear();
        }
        vec!["crate".into()]
    };
    if parts.last() == Some(&"mod") {
        parts.pop();
    }
    out.extend(parts.into_iter().map(str::to_owned));
    Some(out)
}

/// The root of the crate a module belongs to: `crate`, or `bin::NAME` for a binary.
pub(crate) fn crate_root(module: &[String]) -> Path {
    if module.first().is_some_and(|s| s == "bin") {
        module.iter().take(2).cloned().collect()
    } else {
        vec!["crate".into()]
    }
}

fn line_of(span: proc_macro2::Span) -> usize {
    span.start().line
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        if a.path().is_ident("test") {
            return true;
        }
        if !a.path().is_ident("cfg") {
            return false;
        }
        let syn::Meta::List(list) = &a.meta else {
            return false;
        };
        let words: Vec<String> = flatten_idents(list.tokens.clone());
        words.iter().any(|w| w == "test") && !words.iter().any(|w| w == "not")
    })
}

fn flatten_idents(ts: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for t in ts {
        match t {
            TokenTree::Ident(i) => out.push(i.to_string()),
            TokenTree::Group(g) => out.extend(flatten_idents(g.stream())),
            _ => {}
        }
    }
    out
}

/// One leaf of an expanded `use` tree.
struct Leaf {
    /// The path as written from the tree's root (`self` leaves end at their parent).
    segs: Vec<String>,
    /// The name it brings into scope; `None` for a glob or `as _`.
    name: Option<String>,
    glob: bool,
    line: usize,
    written: String,
}

fn expand(tree: &syn::UseTree, prefix: &mut Vec<String>, line: usize, out: &mut Vec<Leaf>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            expand(&p.tree, prefix, line_of(p.ident.span()), out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let ident = n.ident.to_string();
            let mut segs = prefix.clone();
            if ident != "self" {
                segs.push(ident);
            }
            out.push(Leaf {
                name: segs.last().cloned(),
                written: segs.join("::"),
                segs,
                glob: false,
                line: line_of(n.ident.span()),
            });
        }
        syn::UseTree::Rename(r) => {
            let ident = r.ident.to_string();
            let mut segs = prefix.clone();
            if ident != "self" {
                segs.push(ident);
            }
            let rename = r.rename.to_string();
            out.push(Leaf {
                written: format!("{} as {rename}", segs.join("::")),
                segs,
                name: (rename != "_").then_some(rename),
                glob: false,
                line: line_of(r.ident.span()),
            });
        }
        syn::UseTree::Glob(g) => out.push(Leaf {
            written: format!("{}::*", prefix.join("::")),
            segs: prefix.clone(),
            name: None,
            glob: true,
            line: g.star_token.spans.first().map_or(line, |s| line_of(*s)),
        }),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                expand(item, prefix, line, out);
            }
        }
    }
}

fn leaves(item: &syn::ItemUse) -> Vec<Leaf> {
    let mut out = Vec::new();
    let mut prefix = Vec::new();
    if item.leading_colon.is_some() {
        prefix.push(String::new());
    }
    expand(
        &item.tree,
        &mut prefix,
        line_of(item.use_token.span),
        &mut out,
    );
    out
}

/// Names in scope per module, from `use` items and child modules.
#[derive(Default)]
struct Names {
    aliases: BTreeMap<Path, BTreeMap<String, Path>>,
    /// For each alias, the absolute forms its `use` went through before its target (`crate::model::Timestamp`
    /// for `use crate::model::Timestamp;`, whose target is `crate::model::time::Timestamp`).
    alias_steps: BTreeMap<Path, BTreeMap<String, Vec<Path>>>,
    /// The modules (or enums …) each module glob-imports (`use super::*;`).
    globs: BTreeMap<Path, Vec<Path>>,
    modules: BTreeSet<Path>,
}

impl Names {
    /// Resolves a path written in `module` to an absolute one. A leading empty segment stands for a leading `::`.
    fn resolve(&self, module: &[String], segs: &[String]) -> Path {
        self.resolve_via(module, segs).pop().expect("a path")
    }

    /// The absolute path a path written in `module` names, after every step through a name some module brought in
    /// with `use` (`crate::model::eq_ci` -> `crate::model::ci::eq_ci`): the steps first, the final path last.
    fn resolve_via(&self, module: &[String], segs: &[String]) -> Vec<Path> {
        let Some(first) = segs.first() else {
            return vec![module.to_vec()];
        };
        match first.as_str() {
            "" => vec![segs[1..].to_vec()],
            "crate" | "$crate" => self.follow(&crate_root(module), &segs[1..]),
            "self" => self.follow(module, &segs[1..]),
            "super" => {
                let ups = segs.iter().take_while(|s| *s == "super").count();
                let keep = module
                    .len()
                    .saturating_sub(ups)
                    .max(crate_root(module).len());
                self.follow(&module[..keep], &segs[ups..])
            }
            "easim" if module.first().is_some_and(|s| s == "bin") => {
                self.follow(&["crate".to_owned()], &segs[1..])
            }
            name => match self.lookup(module, name) {
                Some(target) => {
                    let rest = &segs[1..];
                    let mut steps: Vec<Path> = self
                        .steps_of(module, name)
                        .iter()
                        .map(|p| p.iter().chain(rest).cloned().collect())
                        .collect();
                    steps.extend(self.follow(&target, rest));
                    steps
                }
                None => vec![segs.to_vec()],
            },
        }
    }

    /// Walks `rest` down from the module `base`, following at each step a name the module brought in with `use`
    /// (`self::inner::X` where `inner` has `pub use crate::server::X;` is `crate::server::X`).
    fn follow(&self, base: &[String], rest: &[String]) -> Vec<Path> {
        let mut steps = Vec::new();
        let mut at = base.to_vec();
        for (i, seg) in rest.iter().enumerate() {
            let here: Path = at.iter().chain([seg]).cloned().collect();
            match self.lookup(&at, seg) {
                Some(target) if target != here && steps.len() < 8 => {
                    steps.push(at.iter().chain(&rest[i..]).cloned().collect());
                    at = target;
                }
                _ => at = here,
            }
        }
        steps.push(at);
        steps
    }

    /// The steps the `use` that brought `name` into `module` went through (directly, or through a glob import).
    fn steps_of(&self, module: &[String], name: &str) -> &[Path] {
        let own = |m: &[String]| self.alias_steps.get(m).and_then(|a| a.get(name));
        own(module)
            .or_else(|| self.globs.get(module)?.iter().find_map(|g| own(g)))
            .map_or(&[], Vec::as_slice)
    }

    /// What `name` means in `module`, as Rust ranks it: a name brought in by `use`, else a child module, else a
    /// name one of its glob imports brings in (one level deep). `None` when `module` does not know it.
    fn lookup(&self, module: &[String], name: &str) -> Option<Path> {
        let own = |m: &[String]| -> Option<Path> {
            if let Some(target) = self.aliases.get(m).and_then(|a| a.get(name)) {
                return Some(target.clone());
            }
            let child: Path = m.iter().cloned().chain([name.to_owned()]).collect();
            self.modules.contains(&child).then_some(child)
        };
        own(module).or_else(|| self.globs.get(module)?.iter().find_map(|g| own(g)))
    }
}

/// Walks a file's items with the module (and whether it is test code) each sits in.
struct Scope {
    module: Path,
    in_test: bool,
}

/// Pass 1: modules (files and inline) and which of them are test-only.
struct Decls<'a> {
    stack: Vec<Scope>,
    modules: &'a mut BTreeSet<Path>,
    test_modules: &'a mut BTreeSet<Path>,
}

impl<'ast> Visit<'ast> for Decls<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let top = self.stack.last().expect("a scope");
        let mut child = top.module.clone();
        child.push(m.ident.to_string());
        let in_test = top.in_test || is_cfg_test(&m.attrs);
        if in_test {
            self.test_modules.insert(child.clone());
        }
        self.modules.insert(child.clone());
        if let Some((_, items)) = &m.content {
            self.stack.push(Scope {
                module: child,
                in_test,
            });
            for item in items {
                self.visit_item(item);
            }
            self.stack.pop();
        }
    }
}

/// Pass 2: every name a `use` item brings into its module (`pub` or not), as written, resolved once all are known.
struct Uses {
    stack: Vec<Path>,
    /// (module, name, path as written)
    raw: Vec<(Path, String, Vec<String>)>,
    /// (module, path of the glob's base as written)
    globs: Vec<(Path, Vec<String>)>,
}

impl<'ast> Visit<'ast> for Uses {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if let Some((_, items)) = &m.content {
            let mut child = self.stack.last().expect("a scope").clone();
            child.push(m.ident.to_string());
            self.stack.push(child);
            for item in items {
                self.visit_item(item);
            }
            self.stack.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let module = self.stack.last().expect("a scope").clone();
        for leaf in leaves(u) {
            match (leaf.name, leaf.glob) {
                (_, true) => self.globs.push((module.clone(), leaf.segs)),
                (Some(name), false) => self.raw.push((module.clone(), name, leaf.segs)),
                (None, false) => {}
            }
        }
    }
}

/// Pass 3: every reference and hygiene finding.
struct Refs<'a> {
    file: &'a str,
    in_src: bool,
    stack: Vec<Scope>,
    names: &'a Names,
    out: &'a mut Analysis,
}

impl Refs<'_> {
    fn scope(&self) -> &Scope {
        self.stack.last().expect("a scope")
    }

    fn place(&self, line: usize) -> Place {
        Place {
            file: self.file.to_owned(),
            line,
        }
    }

    fn reference(&mut self, line: usize, written: String, segs: &[String]) {
        if !self.in_src {
            return;
        }
        let scope = self.scope();
        let mut via = self.names.resolve_via(&scope.module, segs);
        let path = via.pop().expect("a path");
        let reference = Reference {
            at: self.place(line),
            module: scope.module.clone(),
            path,
            via,
            written,
            in_test: scope.in_test,
        };
        self.out.references.push(reference);
    }

    fn finding(&mut self, line: usize, what: &str) {
        let place = self.place(line);
        self.out.findings.push((place, what.to_owned()));
    }

    fn unwrap_found(&mut self, line: usize) {
        if self.in_src && !self.scope().in_test {
            self.finding(
                line,
                "`.unwrap()` in library code (use `.expect(\"the invariant\")`)",
            );
        }
    }

    fn with_test<F: FnOnce(&mut Self)>(&mut self, test: bool, f: F) {
        if test && !self.scope().in_test {
            let module = self.scope().module.clone();
            self.stack.push(Scope {
                module,
                in_test: true,
            });
            f(self);
            self.stack.pop();
        } else {
            f(self);
        }
    }

    /// Macro arguments are tokens to `syn`: find paths (`a::b::c`), `dbg!` and `.unwrap()` among them.
    fn scan(&mut self, tokens: TokenStream) {
        let toks: Vec<TokenTree> = tokens.into_iter().collect();
        let punct = |i: usize, c: char| matches!(toks.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c);
        let path_sep = |i: usize| {
            matches!(toks.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
                && punct(i + 1, ':')
        };
        let mut i = 0;
        while i < toks.len() {
            match &toks[i] {
                TokenTree::Group(g) => self.scan(g.stream()),
                TokenTree::Ident(id) => {
                    let line = line_of(id.span());
                    if i > 0 && punct(i - 1, '.') && !(i > 1 && punct(i - 2, '.')) {
                        let empty_call = matches!(toks.get(i + 1), Some(TokenTree::Group(g))
                            if g.delimiter() == Delimiter::Parenthesis && g.stream().is_empty());
                        if id == "unwrap" && empty_call {
                            self.unwrap_found(line);
                        }
                        i += 1;
                        continue;
                    }
                    if id == "dbg" && punct(i + 1, '!') {
                        self.finding(line, "`dbg!`");
                    }
                    let mut segs = Vec::new();
                    if i > 1 && path_sep(i - 2) {
                        segs.push(String::new());
                    }
                    let dollar = i > 0 && punct(i - 1, '$');
                    segs.push(if dollar {
                        format!("${id}")
                    } else {
                        id.to_string()
                    });
                    let mut j = i + 1;
                    while path_sep(j) {
                        let Some(TokenTree::Ident(next)) = toks.get(j + 2) else {
                            break;
                        };
                        segs.push(next.to_string());
                        j += 3;
                    }
                    if segs.iter().filter(|s| !s.is_empty()).count() > 1 {
                        let written = segs.join("::");
                        self.reference(line, written, &segs);
                    }
                    i = j;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
}

impl<'ast> Visit<'ast> for Refs<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        for attr in &m.attrs {
            self.visit_attribute(attr);
        }
        if let Some((_, items)) = &m.content {
            let scope = self.scope();
            let mut module = scope.module.clone();
            module.push(m.ident.to_string());
            let in_test = scope.in_test || is_cfg_test(&m.attrs);
            self.stack.push(Scope { module, in_test });
            for item in items {
                self.visit_item(item);
            }
            self.stack.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.with_test(is_cfg_test(&u.attrs), |this| {
            for leaf in leaves(u) {
                this.reference(leaf.line, leaf.written, &leaf.segs);
            }
        });
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.with_test(is_cfg_test(&f.attrs), |this| visit::visit_item_fn(this, f));
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.with_test(is_cfg_test(&f.attrs), |this| {
            visit::visit_impl_item_fn(this, f)
        });
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        self.with_test(is_cfg_test(&i.attrs), |this| {
            visit::visit_item_impl(this, i)
        });
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.segments.len() > 1 {
            let mut segs: Vec<String> = Vec::new();
            if p.leading_colon.is_some() {
                segs.push(String::new());
            }
            segs.extend(p.segments.iter().map(|s| s.ident.to_string()));
            let line = line_of(p.segments[0].ident.span());
            let written = p
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::");
            self.reference(line, written, &segs);
        }
        visit::visit_path(self, p);
    }

    fn visit_attribute(&mut self, a: &'ast syn::Attribute) {
        let line = line_of(a.pound_token.span);
        if a.path().is_ident("ignore") {
            self.finding(line, "`#[ignore]`: a test that cannot fail");
        }
        if a.path().is_ident("should_panic") {
            self.finding(line, "`#[should_panic]`: assert on the error instead");
        }
        visit::visit_attribute(self, a);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if m.path.is_ident("dbg") {
            let line = line_of(m.path.segments[0].ident.span());
            self.finding(line, "`dbg!`");
        }
        self.scan(m.tokens.clone());
        visit::visit_macro(self, m);
    }

    fn visit_expr_method_call(&mut self, c: &'ast syn::ExprMethodCall) {
        if c.method == "unwrap" && c.args.is_empty() {
            self.unwrap_found(line_of(c.method.span()));
        }
        visit::visit_expr_method_call(self, c);
    }
}

/// Parses every source and names what each module references. Files outside `src/` are only checked for hygiene.
pub(crate) fn analyze(sources: &[Source]) -> Analysis {
    let mut out = Analysis::default();
    let mut parsed = Vec::new();
    for source in sources {
        match syn::parse_file(&source.text) {
            Ok(file) => parsed.push((source, module_of(&source.rel), file)),
            Err(e) => out
                .errors
                .push(format!("{}:{}: {e}", source.rel, e.span().start().line)),
        }
    }
    let mut test_modules = BTreeSet::new();
    for (source, module, file) in &parsed {
        let Some(module) = module else { continue };
        out.files.push((source.rel.clone(), module.clone()));
        out.modules.insert(module.clone());
        let mut decls = Decls {
            stack: vec![Scope {
                module: module.clone(),
                in_test: false,
            }],
            modules: &mut out.modules,
            test_modules: &mut test_modules,
        };
        decls.visit_file(file);
    }
    let mut names = Names {
        modules: out.modules.clone(),
        ..Names::default()
    };
    let mut uses = Uses {
        stack: Vec::new(),
        raw: Vec::new(),
        globs: Vec::new(),
    };
    for (_, module, file) in &parsed {
        let Some(module) = module else { continue };
        uses.stack = vec![module.clone()];
        uses.visit_file(file);
    }
    // A `use` may start from a name another `use` brought in (`use crate::model; use model::Tenant;`,
    // `pub use self::inner::X;`): resolve all of them a few times over, each round with the names of the last.
    for _ in 0..4 {
        let resolved: Vec<Vec<Path>> = uses
            .raw
            .iter()
            .map(|(m, _, segs)| names.resolve_via(m, segs))
            .collect();
        for ((module, name, _), mut steps) in uses.raw.iter().zip(resolved) {
            let target = steps.pop().expect("a path");
            names
                .aliases
                .entry(module.clone())
                .or_default()
                .insert(name.clone(), target);
            names
                .alias_steps
                .entry(module.clone())
                .or_default()
                .insert(name.clone(), steps);
        }
        let mut globs: BTreeMap<Path, Vec<Path>> = BTreeMap::new();
        for (module, segs) in &uses.globs {
            let base = names.resolve(module, segs);
            if base != *module {
                globs.entry(module.clone()).or_default().push(base);
            }
        }
        names.globs = globs;
    }
    for (source, module, file) in &parsed {
        let in_test = module
            .as_ref()
            .is_some_and(|m| test_modules.iter().any(|t| starts_with(m, t)));
        let mut refs = Refs {
            file: &source.rel,
            in_src: module.is_some(),
            stack: vec![Scope {
                module: module.clone().unwrap_or_default(),
                in_test: in_test || module.is_none(),
            }],
            names: &names,
            out: &mut out,
        };
        refs.visit_file(file);
    }
    out
}
