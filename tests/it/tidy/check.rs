//! Judges an `Analysis` against the rules: each reference against its module's allow-list and purity, and the
//! import graph inside each directory for cycles. Knows nothing of parsing (`imports.rs`) nor of which rules this
//! project has (`rules.rs`).

use std::collections::{BTreeMap, BTreeSet};

use super::imports::{Analysis, Path, Place, Reference, parse_path, show, starts_with};
use super::rules::{IMPURE, Kind, NETWORK, Rule};

/// One rule broken at one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Violation {
    pub(crate) at: Place,
    pub(crate) message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// The row that governs `module`: the longest `module` prefix among the rules.
pub(crate) fn rule_for<'r>(rules: &'r [Rule], module: &[String]) -> Option<&'r Rule> {
    rules
        .iter()
        .filter(|r| starts_with(module, &parse_path(r.module)))
        .max_by_key(|r| parse_path(r.module).len())
}

/// Whether the pattern's segments appear, in order and together, anywhere in the path.
fn mentions(path: &[String], pattern: &str) -> bool {
    let pattern = parse_path(pattern);
    path.windows(pattern.len()).any(|w| *w == pattern[..])
}

fn is_crate_path(path: &[String]) -> bool {
    path.first().is_some_and(|s| s == "crate" || s == "bin")
}

/// Every reference checked against the rule of the module it is written in.
pub(crate) fn layering(analysis: &Analysis, rules: &[Rule]) -> Vec<Violation> {
    let mut out = BTreeSet::new();
    for (file, module) in &analysis.files {
        let is_root =
            module.len() == 1 || (module.first().is_some_and(|s| s == "bin") && module.len() == 2);
        if rule_for(rules, module).is_none() && !is_root {
            let at = Place {
                file: file.clone(),
                line: 1,
            };
            out.insert(Violation {
                at,
                message: format!("no rule covers module `{}`", show(module)),
            });
        }
    }
    for r in &analysis.references {
        let Some(rule) = rule_for(rules, &r.module) else {
            continue;
        };
        if let Some(message) = judge(rule, r) {
            out.insert(Violation {
                at: r.at.clone(),
                message,
            });
        }
    }
    out.into_iter().collect()
}

fn judge(rule: &Rule, r: &Reference) -> Option<String> {
    let here = show(&r.module);
    if is_crate_path(&r.path) {
        let own = parse_path(rule.module);
        // What the path finally names may be the module's own; on the way there (a re-export such as
        // `crate::model::eq_ci` for `crate::model::ci::eq_ci`) only an explicit entry counts, so that
        // `pub use self::inner::X` cannot launder what `inner` imported.
        let allowed = starts_with(&r.path, &own)
            || r.via
                .iter()
                .chain([&r.path])
                .any(|p| rule.may_use.iter().any(|a| starts_with(p, &parse_path(a))));
        if !allowed {
            let list = if rule.may_use.is_empty() {
                "nothing else".to_owned()
            } else {
                rule.may_use.join(", ")
            };
            return Some(format!(
                "`{here}` may not use `{}` (written `{}`): `{}` may use only itself and {list}",
                show(&r.path),
                r.written,
                rule.module
            ));
        }
    }
    if r.in_test {
        return None;
    }
    if rule.kind == Kind::Pure
        && let Some(bad) = IMPURE.iter().find(|p| mentions(&r.path, p))
    {
        return Some(format!(
            "pure module `{here}` may not use `{bad}` (written `{}`): take it as an argument",
            r.written
        ));
    }
    if rule.kind == Kind::Local
        && let Some(bad) = NETWORK.iter().find(|p| mentions(&r.path, p))
    {
        return Some(format!(
            "`{here}` does local I/O only and may not use `{bad}` (written `{}`)",
            r.written
        ));
    }
    if rule.kind != Kind::Bin && r.path.first().is_some_and(|s| s == "anyhow") {
        return Some(format!(
            "`anyhow` outside `src/bin/` in `{here}` (written `{}`): use a thiserror enum",
            r.written
        ));
    }
    None
}

/// A set of sibling modules in one directory ("room") that import each other in a circle.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Cycle {
    /// The directory's module, e.g. `crate::eas`.
    pub(crate) room: String,
    /// The siblings that reach each other, sorted.
    pub(crate) members: Vec<String>,
    /// One place for each edge inside the cycle: `a -> b at src/…:12`.
    pub(crate) edges: Vec<String>,
}

impl std::fmt::Display for Cycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "in `{}`: {{{}}}\n      {}",
            self.room,
            self.members.join(", "),
            self.edges.join("\n      ")
        )
    }
}

/// Each room's import graph between its children (a child counts with everything under it; the room's own
/// `mod.rs` and test code are left out), and its strongly connected components of two or more.
pub(crate) fn cycles(analysis: &Analysis) -> Vec<Cycle> {
    // room -> (from child -> (to child -> first place))
    let mut graph: BTreeMap<Path, BTreeMap<String, BTreeMap<String, Place>>> = BTreeMap::new();
    for r in &analysis.references {
        if r.in_test || !is_crate_path(&r.path) {
            continue;
        }
        let target = &r.path;
        let common = r
            .module
            .iter()
            .zip(target)
            .take_while(|(a, b)| a == b)
            .count();
        if common == 0 || r.module.len() <= common || target.len() <= common {
            continue;
        }
        let room: Path = r.module[..common].to_vec();
        let to_child: Path = target[..=common].to_vec();
        if !analysis.modules.contains(&to_child) {
            continue; // an item of the room's own `mod.rs`
        }
        let (from, to) = (r.module[common].clone(), target[common].clone());
        let edges = graph.entry(room).or_default().entry(from).or_default();
        let place = edges.entry(to).or_insert_with(|| r.at.clone());
        if r.at < *place {
            *place = r.at.clone();
        }
    }
    let mut out = Vec::new();
    for (room, edges) in &graph {
        let reach = |start: &String| -> BTreeSet<String> {
            let mut seen = BTreeSet::new();
            let mut todo = vec![start.clone()];
            while let Some(n) = todo.pop() {
                for next in edges.get(&n).into_iter().flat_map(|e| e.keys()) {
                    if seen.insert(next.clone()) {
                        todo.push(next.clone());
                    }
                }
            }
            seen
        };
        let reach: BTreeMap<&String, BTreeSet<String>> =
            edges.keys().map(|n| (n, reach(n))).collect();
        let mut done = BTreeSet::new();
        for (n, from_n) in &reach {
            if done.contains(*n) || !from_n.contains(*n) {
                continue;
            }
            let members: Vec<String> = from_n
                .iter()
                .filter(|m| reach.get(m).is_some_and(|back| back.contains(*n)))
                .cloned()
                .collect();
            let mut lines = Vec::new();
            for a in &members {
                for (b, place) in edges.get(a).into_iter().flatten() {
                    if members.contains(b) {
                        lines.push(format!("{a} -> {b} at {place}"));
                    }
                }
            }
            done.extend(members.iter().cloned());
            out.push(Cycle {
                room: show(room),
                members,
                edges: lines,
            });
        }
    }
    out.sort();
    out
}
