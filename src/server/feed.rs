//! The live feed's publishing side: the EAS endpoint and the admin endpoint publish events to a tokio broadcast
//! channel (nothing is built when no console listens: `listening` is one atomic load), and a change in the stored
//! state counts (from the state index: five lengths) becomes a highlighted transition. The console streams them
//! (`console/events.rs`); this file knows no HTTP.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::model::{DeviceAccessState, Tenant};

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct FeedEvent {
    /// `eas`, `admin` or `transition`.
    pub(crate) kind: &'static str,
    pub(crate) text: String,
    /// A change of stored device states: the page highlights it.
    pub(crate) transition: bool,
}

/// EAS request events published per `WINDOW` at most; the rest are only counted. A browser is sent at most
/// `console::events::MAX_PER_MESSAGE` events a tick anyway, so building more text than this (one string and one
/// broadcast per request at tens of thousands of requests a second) would cost the EAS endpoint for nothing.
const EAS_PER_WINDOW: u32 = 50;
const WINDOW: Duration = Duration::from_millis(100);

/// The publishing side, shared by the endpoints.
#[derive(Debug)]
pub(crate) struct Feed {
    tx: broadcast::Sender<FeedEvent>,
    started: Instant,
    /// The current window (`WINDOW`s since `started`) and the EAS events admitted in it.
    window: AtomicU64,
    admitted: AtomicU32,
    /// EAS events counted but not built, since the start (each console takes the difference per tick).
    skipped: AtomicU64,
}

impl Default for Feed {
    fn default() -> Feed {
        Feed {
            tx: broadcast::channel(4096).0,
            started: Instant::now(),
            window: AtomicU64::new(0),
            admitted: AtomicU32::new(0),
            skipped: AtomicU64::new(0),
        }
    }
}

/// The state counts before a change, taken only when someone listens.
pub(crate) type Before = Option<[(DeviceAccessState, usize); 5]>;

impl Feed {
    /// Whether any console listens (publishers build nothing otherwise).
    pub(crate) fn listening(&self) -> bool {
        self.tx.receiver_count() > 0
    }

    /// Whether to build and publish an EAS request's event: someone listens and this window's share is not used
    /// up (otherwise the event is counted in `skipped`, and the consoles say how many they were not shown).
    pub(crate) fn admit_eas(&self) -> bool {
        if !self.listening() {
            return false;
        }
        let window = (self.started.elapsed().as_millis() / WINDOW.as_millis()) as u64;
        if self.window.load(Ordering::Relaxed) != window {
            // Racing requests may both reset the count: a window then admits a few more, which is harmless.
            self.window.store(window, Ordering::Relaxed);
            self.admitted.store(0, Ordering::Relaxed);
        }
        if self.admitted.fetch_add(1, Ordering::Relaxed) < EAS_PER_WINDOW {
            true
        } else {
            self.skipped.fetch_add(1, Ordering::Relaxed);
            false
        }
    }

    /// EAS events counted and not built since the feed started.
    pub(crate) fn skipped(&self) -> u64 {
        self.skipped.load(Ordering::Relaxed)
    }

    pub(crate) fn publish(&self, event: FeedEvent) {
        let _ = self.tx.send(event);
    }

    /// The state counts to compare after a change (`None`, for free, when nobody listens).
    pub(crate) fn before(&self, tenant: &Tenant) -> Before {
        self.listening().then(|| tenant.state_counts())
    }

    /// Publishes a transition when the state counts moved since `before`; `cause` names what moved them.
    pub(crate) fn after(&self, before: Before, tenant: &Tenant, cause: impl FnOnce() -> String) {
        let Some(before) = before else { return };
        if let Some(text) = transition_text(&before, &tenant.state_counts()) {
            self.publish(FeedEvent {
                kind: "transition",
                text: format!("{text} after {}", cause()),
                transition: true,
            });
        }
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<FeedEvent> {
        self.tx.subscribe()
    }
}

/// "12 devices Allowed → Quarantined", or for several moves "Allowed −12, Quarantined +10, Blocked +2".
pub(crate) fn transition_text(
    before: &[(DeviceAccessState, usize); 5],
    after: &[(DeviceAccessState, usize); 5],
) -> Option<String> {
    let moves: Vec<(DeviceAccessState, i64)> = before
        .iter()
        .zip(after)
        .map(|((s, b), (_, a))| (*s, *a as i64 - *b as i64))
        .filter(|(_, d)| *d != 0)
        .collect();
    match moves.as_slice() {
        [] => None,
        [(from, minus), (to, plus)] | [(to, plus), (from, minus)]
            if *minus < 0 && *plus == -*minus =>
        {
            let n = *plus;
            let noun = if n == 1 { "device" } else { "devices" };
            Some(format!("{n} {noun} {from} → {to}"))
        }
        _ => Some(
            moves
                .iter()
                .map(|(s, d)| {
                    if *d > 0 {
                        format!("{s} +{d}")
                    } else {
                        format!("{s} −{}", -d)
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// One `feed` message: the SSE frame for a batch of events.
pub(crate) fn message(events: &[FeedEvent], dropped: u64) -> Bytes {
    #[derive(Serialize)]
    struct Batch<'a> {
        events: &'a [FeedEvent],
        dropped: u64,
    }
    let json = serde_json::to_string(&Batch { events, dropped })
        .expect("events are strings and numbers, which always serialize");
    // JSON has no raw line breaks, so one `data:` line carries it.
    Bytes::from(format!("event: feed\ndata: {json}\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeviceAccessState::*;

    #[test]
    fn eas_events_are_built_only_when_someone_listens_and_at_most_a_window_s_share() {
        let feed = Feed::default();
        assert!(!feed.admit_eas(), "nobody listens: nothing is built");
        assert_eq!(feed.skipped(), 0, "nor counted");
        let _rx = feed.subscribe();
        // Pin the window (the test must not straddle two): admitted counts restart only when it changes.
        let window = (feed.started.elapsed().as_millis() / WINDOW.as_millis()) as u64;
        feed.window.store(window, Ordering::Relaxed);
        feed.admitted.store(0, Ordering::Relaxed);
        let admitted = (0..200).filter(|_| feed.admit_eas()).count();
        if feed.window.load(Ordering::Relaxed) == window {
            assert_eq!(admitted, EAS_PER_WINDOW as usize);
            assert_eq!(feed.skipped(), 200 - u64::from(EAS_PER_WINDOW));
        }
        feed.window.store(window.wrapping_sub(1), Ordering::Relaxed);
        assert!(feed.admit_eas(), "a new window admits again");
    }

    fn counts(n: [usize; 5]) -> [(DeviceAccessState, usize); 5] {
        [
            (Unknown, n[0]),
            (Allowed, n[1]),
            (Blocked, n[2]),
            (Quarantined, n[3]),
            (DeviceDiscovery, n[4]),
        ]
    }

    #[test]
    fn transitions_read_as_moves() {
        let b = counts([0, 20, 0, 0, 0]);
        assert_eq!(transition_text(&b, &b), None);
        assert_eq!(
            transition_text(&b, &counts([0, 8, 0, 12, 0])).as_deref(),
            Some("12 devices Allowed → Quarantined")
        );
        assert_eq!(
            transition_text(&counts([0, 8, 0, 12, 0]), &b).as_deref(),
            Some("12 devices Quarantined → Allowed")
        );
        assert_eq!(
            transition_text(&b, &counts([0, 19, 0, 0, 1])).as_deref(),
            Some("1 device Allowed → DeviceDiscovery")
        );
        assert_eq!(
            transition_text(&b, &counts([0, 8, 2, 10, 0])).as_deref(),
            Some("Allowed −12, Blocked +2, Quarantined +10")
        );
        assert_eq!(
            transition_text(&b, &counts([0, 21, 0, 0, 0])).as_deref(),
            Some("Allowed +1")
        );
    }

    #[test]
    fn messages_are_one_sse_event_each() {
        let e = FeedEvent {
            kind: "eas",
            text: "line\nbreak \"quoted\"".into(),
            transition: false,
        };
        let m = message(&[e], 3);
        let text = std::str::from_utf8(&m).unwrap();
        assert_eq!(
            text,
            "event: feed\ndata: {\"events\":[{\"kind\":\"eas\",\"text\":\"line\\nbreak \\\"quoted\\\"\",\"transition\":false}],\"dropped\":3}\n\n"
        );
    }
}
