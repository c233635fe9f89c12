//! What the accept loop does when `accept` fails: errors that mean the process or the machine is out of a
//! resource (file descriptors, buffers, memory) make it wait before trying again, longer each time up to a cap,
//! so a full descriptor table does not turn into a busy loop and a flood of log lines; other errors (a client
//! that reset before it was accepted) are retried at once. Warnings are written at most once per interval,
//! with the count of failures since the last one.
//!
//! Pure: the caller passes `now`, sleeps and logs.

use std::io;
use std::time::{Duration, Instant};

/// The first wait after a resource error, and the longest.
const FIRST_WAIT: Duration = Duration::from_millis(10);
const MAX_WAIT: Duration = Duration::from_secs(1);
/// At most one warning per this long.
const LOG_INTERVAL: Duration = Duration::from_secs(10);

/// What to do about one failed `accept`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// Wait this long before accepting again (zero: at once).
    pub(crate) wait: Duration,
    /// Write a warning now, counting this many failures since the last one (this one included).
    pub(crate) warn: Option<u64>,
}

/// The accept loop's memory of recent failures.
#[derive(Debug, Default)]
pub(crate) struct AcceptBackoff {
    wait: Duration,
    last_warned: Option<Instant>,
    unreported: u64,
}

impl AcceptBackoff {
    /// Forgets past failures after a successful accept.
    pub(crate) fn accepted(&mut self) {
        self.wait = Duration::ZERO;
    }

    /// Decides about a failed accept at `now`.
    pub(crate) fn failed(&mut self, error: &io::Error, now: Instant) -> Verdict {
        self.unreported += 1;
        let wait = if is_resource_exhaustion(error) {
            self.wait = if self.wait.is_zero() {
                FIRST_WAIT
            } else {
                (self.wait * 2).min(MAX_WAIT)
            };
            self.wait
        } else {
            Duration::ZERO
        };
        let due = self
            .last_warned
            .is_none_or(|t| now.saturating_duration_since(t) >= LOG_INTERVAL);
        let warn = due.then(|| {
            self.last_warned = Some(now);
            std::mem::take(&mut self.unreported)
        });
        Verdict { wait, warn }
    }
}

/// EMFILE, ENFILE, ENOBUFS, ENOMEM: waiting helps, retrying at once does not.
fn is_resource_exhaustion(e: &io::Error) -> bool {
    const EMFILE: i32 = 24;
    const ENFILE: i32 = 23;
    const ENOBUFS: i32 = 105;
    const ENOMEM: i32 = 12;
    matches!(e.raw_os_error(), Some(EMFILE | ENFILE | ENOBUFS | ENOMEM))
        || e.kind() == io::ErrorKind::OutOfMemory
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emfile() -> io::Error {
        io::Error::from_raw_os_error(24)
    }

    #[test]
    fn running_out_of_descriptors_waits_longer_each_time_up_to_a_second() {
        let mut b = AcceptBackoff::default();
        let t = Instant::now();
        let waits: Vec<u128> = (0..10)
            .map(|_| b.failed(&emfile(), t).wait.as_millis())
            .collect();
        assert_eq!(waits, [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000]);
        b.accepted();
        assert_eq!(b.failed(&emfile(), t).wait, FIRST_WAIT);
    }

    #[test]
    fn a_reset_before_accept_is_retried_at_once() {
        let mut b = AcceptBackoff::default();
        let reset = io::Error::from(io::ErrorKind::ConnectionAborted);
        assert_eq!(b.failed(&reset, Instant::now()).wait, Duration::ZERO);
    }

    #[test]
    fn warnings_come_once_per_interval_with_the_count_since_the_last() {
        let mut b = AcceptBackoff::default();
        let t = Instant::now();
        assert_eq!(b.failed(&emfile(), t).warn, Some(1));
        for i in 1..=500u64 {
            let at = t + Duration::from_millis(i);
            assert_eq!(b.failed(&emfile(), at).warn, None);
        }
        assert_eq!(b.failed(&emfile(), t + LOG_INTERVAL).warn, Some(501));
    }
}
