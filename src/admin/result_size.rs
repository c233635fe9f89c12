//! -ResultSize as Exchange's Get-* tasks apply it: stop after N results and, when another result exists, write
//! the literal warning once (the default-1000 text when no -ResultSize was given, the "more results" text for an
//! explicit N). `Unlimited` writes everything.

use super::messages::{WARNING_DEFAULT_RESULT_SIZE, WARNING_MORE_RESULTS};
use crate::admin::context::Emitter;
use crate::script::params::BoundParameters;

/// Recipient cmdlets' default (Get-Mailbox, Get-CASMailbox).
pub const RECIPIENT_DEFAULT: u32 = 1000;

#[derive(Clone, Copy, Debug)]
pub struct ResultLimit {
    limit: Option<u32>,
    explicit: bool,
    admitted: u32,
    warned: bool,
}

impl ResultLimit {
    /// From the bound `-ResultSize`, or `default` when it was not given.
    pub fn from_args(args: &BoundParameters, default: Option<u32>) -> ResultLimit {
        let bound = args.unlimited("ResultSize");
        ResultLimit {
            limit: bound.unwrap_or(default),
            explicit: bound.is_some(),
            admitted: 0,
            warned: false,
        }
    }

    /// Call once per result before writing it: false means the limit is reached (and the warning is written).
    pub fn admit(&mut self, out: &mut Emitter) -> bool {
        match self.limit {
            Some(limit) if self.admitted >= limit => {
                if !self.warned {
                    self.warned = true;
                    out.write_warning(if self.explicit {
                        WARNING_MORE_RESULTS
                    } else {
                        WARNING_DEFAULT_RESULT_SIZE
                    });
                }
                false
            }
            _ => {
                self.admitted += 1;
                true
            }
        }
    }
}
