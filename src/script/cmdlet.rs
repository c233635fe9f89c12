//! What the language knows of a command its embedder runs: static metadata (`CmdletInfo`: name, parameters,
//! sets, ConfirmImpact, runnable examples), the confirmation prompt types (`Confirmer`), and the output an
//! invocation wrote (`Output`: objects, warnings, non-terminating errors and information, in order).
//!
//! It deliberately knows nothing of what a command does: the embedder (the Exchange admin domain, `crate::admin`)
//! registers its commands in a `Registry` and runs each bound invocation through its `CmdletHost`.
//!
//! # -WhatIf and -Confirm
//! Commands that change state declare a `ConfirmImpact`. With `-WhatIf` the embedder records `What if: <message>`
//! on the information stream. A confirmation is needed for `-Confirm` (or `-Confirm:$true`), or when the impact
//! reaches the confirm preference (High, PowerShell's default) and `-Confirm:$false` was not given; the
//! `Confirmer` answers it. `NonInteractive` answers impact-raised prompts with Yes, as Exchange Online's REST
//! endpoint runs cmdlets without prompting, and fails an explicitly requested `-Confirm` with PowerShell's
//! NonInteractive error, since nobody can answer it.

use super::error::ErrorRecord;
use super::params::ParameterInfo;
use super::value::Value;

/// Everything known about a cmdlet before running it.
#[derive(Debug)]
pub struct CmdletInfo {
    /// `Verb-Noun`, as Exchange spells it.
    pub name: &'static str,
    pub synopsis: &'static str,
    /// The type name of the objects it writes, if any.
    pub output_type: Option<&'static str>,
    pub parameters: &'static [ParameterInfo],
    /// The set used when the arguments fit several (`""` when the cmdlet has no sets).
    pub default_parameter_set: &'static str,
    /// `Some` for cmdlets that change state: they take -WhatIf and -Confirm.
    pub confirm_impact: Option<ConfirmImpact>,
    /// Runnable examples (input → expected `Format-List` output); a test runs them all.
    pub examples: &'static [Example],
}

impl CmdletInfo {
    pub fn parameter(&self, name: &str) -> Option<&'static ParameterInfo> {
        self.parameters.iter().find(|p| p.answers_to(name))
    }

    /// Every parameter set the cmdlet declares, in declaration order (empty when it declares none).
    pub fn parameter_sets(&self) -> Vec<&'static str> {
        let mut sets: Vec<&'static str> = Vec::new();
        for p in self.parameters {
            for s in p.sets {
                if !sets.contains(s) {
                    sets.push(s);
                }
            }
        }
        sets
    }

    pub fn changes_state(&self) -> bool {
        self.confirm_impact.is_some()
    }
}

/// One runnable example: each line of `input` is one command; `output` is what they print together.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub title: &'static str,
    pub input: &'static str,
    pub output: &'static str,
}

/// How dangerous a change is (PowerShell's ConfirmImpact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfirmImpact {
    Low,
    Medium,
    High,
}

/// A confirmation prompt.
#[derive(Clone, Copy, Debug)]
pub struct ConfirmPrompt<'a> {
    /// `Are you sure you want to perform this action?`
    pub query: &'a str,
    /// What is about to happen (Exchange's confirmation message).
    pub message: &'a str,
    /// True when the user asked for it with -Confirm; false when the cmdlet's impact raised it.
    pub explicit: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmAnswer {
    Yes,
    YesToAll,
    No,
    NoToAll,
    /// Nobody can answer (no interactive host).
    Unavailable,
}

/// Answers confirmation prompts; the shell will implement an interactive one.
pub trait Confirmer {
    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer;
}

/// No host to ask: impact-raised prompts are answered Yes, explicit `-Confirm` cannot be answered.
#[derive(Clone, Copy, Debug, Default)]
pub struct NonInteractive;

impl Confirmer for NonInteractive {
    fn confirm(&mut self, prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        if prompt.explicit {
            ConfirmAnswer::Unavailable
        } else {
            ConfirmAnswer::Yes
        }
    }
}

/// Answers every prompt the same way (tests, scripted sessions).
#[derive(Clone, Copy, Debug)]
pub struct AlwaysAnswer(pub ConfirmAnswer);

impl Confirmer for AlwaysAnswer {
    fn confirm(&mut self, _prompt: &ConfirmPrompt<'_>) -> ConfirmAnswer {
        self.0
    }
}

/// One item a cmdlet wrote, in the order written.
#[derive(Clone, Debug, PartialEq)]
pub enum Emitted {
    Object(Value),
    /// Without the `WARNING: ` prefix.
    Warning(String),
    /// A non-terminating error.
    Error(ErrorRecord),
    /// Host text such as `What if: …`.
    Information(String),
}

/// Everything an invocation wrote, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub items: Vec<Emitted>,
}

impl Output {
    pub fn objects(&self) -> impl Iterator<Item = &Value> {
        self.items.iter().filter_map(|i| match i {
            Emitted::Object(v) => Some(v),
            _ => None,
        })
    }

    pub fn warnings(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Emitted::Warning(w) => Some(w.as_str()),
            _ => None,
        })
    }

    pub fn errors(&self) -> impl Iterator<Item = &ErrorRecord> {
        self.items.iter().filter_map(|i| match i {
            Emitted::Error(e) => Some(e),
            _ => None,
        })
    }

    pub fn information(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Emitted::Information(s) => Some(s.as_str()),
            _ => None,
        })
    }

    pub fn into_objects(self) -> Vec<Value> {
        self.items
            .into_iter()
            .filter_map(|i| match i {
                Emitted::Object(v) => Some(v),
                _ => None,
            })
            .collect()
    }
}
