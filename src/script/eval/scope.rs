//! Variables and PowerShell's dynamic scopes: a stack of frames, the global (script) frame at the bottom. A read
//! looks from the innermost frame outwards; a plain assignment writes the current frame (so a function's
//! `$x = 1` does not change the caller's `$x`); `$global:` and `$script:` name the bottom frame; `$local:` reads
//! the current frame only; a `$private:` variable is seen only from its own frame (about_Scopes).
//!
//! Names compare case-insensitively. `$true`, `$false`, `$null` and `$_` are not stored here (the evaluator
//! answers them directly), nor are `$env:` variables.

use crate::model::eq_ci;
use crate::script::value::Value;

/// One scope's variables, in creation order (scopes hold few variables; a linear scan beats hashing here).
#[derive(Clone, Debug, Default)]
pub(crate) struct Frame {
    vars: Vec<(Box<str>, Value)>,
    /// The names made with `$private:` (hidden from the frames inside this one).
    private: Vec<Box<str>>,
    /// Type-constrained variables (`[int]$x = …`): name and the type every later assignment converts to.
    types: Vec<(Box<str>, Box<str>)>,
}

impl Frame {
    fn position(&self, name: &str) -> Option<usize> {
        self.vars.iter().position(|(k, _)| eq_ci(k, name))
    }

    fn is_private(&self, name: &str) -> bool {
        !self.private.is_empty() && self.private.iter().any(|p| eq_ci(p, name))
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
    /// No qualifier: read from the innermost frame that has it, write the current one.
    Local,
    /// `local:`: the current frame only.
    LocalOnly,
    /// `private:`: the current frame, and the variable is hidden from frames inside it.
    Private,
    /// `global:` or `script:` (a script runs in the session's global scope).
    Global,
}

impl Qualifier {
    /// The qualifier named `scope`, or `None` for one the shell does not know (`env:` is handled elsewhere).
    pub(crate) fn parse(scope: Option<&str>) -> Option<Qualifier> {
        match scope {
            None => Some(Qualifier::Local),
            Some(s) if eq_ci(s, "local") => Some(Qualifier::LocalOnly),
            Some(s) if eq_ci(s, "private") => Some(Qualifier::Private),
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
                let i = self.visible(name)?;
                let f = &mut self.frames[i];
                let at = f.position(name)?;
                Some(&mut f.vars[at].1)
            }
            Qualifier::LocalOnly | Qualifier::Private => {
                let f = self.frames.last_mut()?;
                let at = f.position(name)?;
                Some(&mut f.vars[at].1)
            }
        }
    }

    /// The frame a plain read of `name` finds it in: the innermost that has it, passing over private
    /// variables of outer frames.
    fn visible(&self, name: &str) -> Option<usize> {
        let inner = self.frames.len() - 1;
        self.frames
            .iter()
            .enumerate()
            .rev()
            .find(|(i, f)| f.position(name).is_some() && (*i == inner || !f.is_private(name)))
            .map(|(i, _)| i)
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
            Qualifier::Local | Qualifier::LocalOnly | Qualifier::Private => self.frames.len() - 1,
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
            Qualifier::Local => {
                let f = &self.frames[self.visible(name)?];
                f.position(name).map(|i| &f.vars[i].1)
            }
            Qualifier::LocalOnly | Qualifier::Private => {
                let f = self.frames.last()?;
                f.position(name).map(|i| &f.vars[i].1)
            }
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
        if q == Qualifier::Private && !f.is_private(name) {
            f.private.push(name.into());
        }
    }

    /// The type a variable was constrained to in the frame an assignment under `q` writes (`[int]$x = 1`).
    pub(crate) fn constraint(&self, q: Qualifier, name: &str) -> Option<&str> {
        let f = &self.frames[self.frame_index(q)];
        if f.types.is_empty() {
            return None;
        }
        f.types
            .iter()
            .find(|(n, _)| eq_ci(n, name))
            .map(|(_, t)| &**t)
    }

    /// Constrains a variable of the frame `q` names to a type.
    pub(crate) fn set_constraint(&mut self, q: Qualifier, name: &str, type_name: &str) {
        let i = self.frame_index(q);
        let f = &mut self.frames[i];
        f.types.retain(|(n, _)| !eq_ci(n, name));
        f.types.push((name.into(), type_name.into()));
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
