//! Variables and PowerShell's dynamic scopes: a stack of frames, the global (script) frame at the bottom. A read
//! looks from the innermost frame outwards; a plain assignment writes the current frame (so a function's
//! `$x = 1` does not change the caller's `$x`); `$global:` and `$script:` name the bottom frame.
//!
//! Names compare case-insensitively. `$true`, `$false`, `$null` and `$_` are not stored here (the evaluator
//! answers them directly), nor are `$env:` variables.

use crate::model::eq_ci;
use crate::script::value::Value;

/// One scope's variables, in creation order (scopes hold few variables; a linear scan beats hashing here).
#[derive(Clone, Debug, Default)]
pub(crate) struct Frame {
    vars: Vec<(Box<str>, Value)>,
}

impl Frame {
    fn position(&self, name: &str) -> Option<usize> {
        self.vars.iter().position(|(k, _)| eq_ci(k, name))
    }
}

/// The scope stack of a session.
#[derive(Clone, Debug)]
pub(crate) struct Scopes {
    frames: Vec<Frame>,
}

/// Which frame a scope qualifier names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Qualifier {
    /// No qualifier, `local:` or `private:`.
    Local,
    /// `global:` or `script:` (a script runs in the session's global scope).
    Global,
}

impl Qualifier {
    /// The qualifier named `scope`, or `None` for one the shell does not know (`env:` is handled elsewhere).
    pub(crate) fn parse(scope: Option<&str>) -> Option<Qualifier> {
        match scope {
            None => Some(Qualifier::Local),
            Some(s) if eq_ci(s, "local") || eq_ci(s, "private") => Some(Qualifier::Local),
            Some(s) if eq_ci(s, "global") || eq_ci(s, "script") => Some(Qualifier::Global),
            Some(_) => None,
        }
    }
}

impl Default for Scopes {
    fn default() -> Scopes {
        Scopes {
            frames: vec![Frame::default()],
        }
    }
}

impl Scopes {
    /// Enters a child scope (a function call, `& { }`).
    pub(crate) fn push(&mut self) {
        self.frames.push(Frame::default());
    }

    /// Enters a scope kept by a pipeline stage between its begin, process and end calls.
    pub(crate) fn push_frame(&mut self, frame: Frame) {
        self.frames.push(frame);
    }

    /// Leaves the innermost child scope and hands it back, for `push_frame` later.
    pub(crate) fn take_frame(&mut self) -> Frame {
        if self.frames.len() > 1 {
            self.frames.pop().unwrap_or_default()
        } else {
            Frame::default()
        }
    }

    /// The variable `name` in whichever visible frame holds it, for in-place changes (`$h.Add(k, v)` changes
    /// the hashtable the variable refers to, as hashtables are references in PowerShell).
    pub(crate) fn get_mut_any(&mut self, q: Qualifier, name: &str) -> Option<&mut Value> {
        match q {
            Qualifier::Global => {
                let f = &mut self.frames[0];
                let at = f.position(name)?;
                Some(&mut f.vars[at].1)
            }
            Qualifier::Local => {
                let i = self
                    .frames
                    .iter()
                    .rposition(|f| f.position(name).is_some())?;
                let f = &mut self.frames[i];
                let at = f.position(name)?;
                Some(&mut f.vars[at].1)
            }
        }
    }

    pub(crate) fn depth(&self) -> usize {
        self.frames.len()
    }

    /// Pops frames until `depth` frames are left (after an error unwound through calls).
    pub(crate) fn truncate(&mut self, depth: usize) {
        self.frames.truncate(depth.max(1));
    }

    fn frame_index(&self, q: Qualifier) -> usize {
        match q {
            Qualifier::Local => self.frames.len() - 1,
            Qualifier::Global => 0,
        }
    }

    /// The value visible under `name`.
    pub(crate) fn get(&self, q: Qualifier, name: &str) -> Option<&Value> {
        match q {
            Qualifier::Global => {
                let f = &self.frames[0];
                f.position(name).map(|i| &f.vars[i].1)
            }
            Qualifier::Local => self
                .frames
                .iter()
                .rev()
                .find_map(|f| f.position(name).map(|i| &f.vars[i].1)),
        }
    }

    /// The variable in the frame an assignment would write, if it exists there.
    pub(crate) fn get_mut_for_write(&mut self, q: Qualifier, name: &str) -> Option<&mut Value> {
        let i = self.frame_index(q);
        let f = &mut self.frames[i];
        let at = f.position(name)?;
        Some(&mut f.vars[at].1)
    }

    /// Assigns in the frame `q` names, creating the variable there if needed.
    pub(crate) fn set(&mut self, q: Qualifier, name: &str, value: Value) {
        let i = self.frame_index(q);
        let f = &mut self.frames[i];
        match f.position(name) {
            Some(at) => f.vars[at].1 = value,
            None => f.vars.push((name.into(), value)),
        }
    }

    /// Every visible variable name, innermost first, without duplicates (for completion).
    pub(crate) fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in self.frames.iter().rev() {
            for (k, _) in &f.vars {
                if !out.iter().any(|o| eq_ci(o, k)) {
                    out.push(k.to_string());
                }
            }
        }
        out
    }
}
