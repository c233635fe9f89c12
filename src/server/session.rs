//! The trainer's console's sign-in sessions: an unguessable id per signed-in browser (from the OS's randomness, never the
//! tenant's seeded RNG, which anyone who knows the seed could replay), its CSRF token, and when it ends. The
//! cookie header is parsed here too. Nothing here renders or routes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "easim_console";

/// How long a session lasts after sign-in (a training day).
const LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// At most this many sessions are kept; signing in past it drops the oldest (bounded memory, whatever is sent).
const MAX_SESSIONS: usize = 256;

/// One signed-in browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Session {
    /// The token every state-changing form carries.
    pub(crate) csrf: String,
    expires: Instant,
}

/// The live sessions, by id.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

/// The OS's randomness failed: no session can be made safely.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub(crate) struct NoRandomness(String);

impl Sessions {
    /// Opens a session; returns its id (the cookie's value) and the session.
    pub(crate) fn open(&self, now: Instant) -> Result<(String, Session), NoRandomness> {
        let id = random_token()?;
        let session = Session {
            csrf: random_token()?,
            expires: now + LIFETIME,
        };
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, s| s.expires > now);
        if map.len() >= MAX_SESSIONS
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.expires)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(id.clone(), session.clone());
        Ok((id, session))
    }

    /// The live session with this id.
    pub(crate) fn get(&self, id: &str, now: Instant) -> Option<Session> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(id).filter(|s| s.expires > now).cloned()
    }

    /// Ends a session (sign-out).
    pub(crate) fn close(&self, id: &str) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(id);
    }
}

/// 32 bytes of OS randomness as 64 hex digits.
pub(crate) fn random_token() -> Result<String, NoRandomness> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| NoRandomness(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The value of cookie `name` in a `Cookie` header (`a=1; b=2`).
pub(crate) fn cookie<'h>(header: &'h str, name: &str) -> Option<&'h str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k.trim() == name).then_some(v.trim())
    })
}

/// The `Set-Cookie` value that stores a session: HttpOnly (no script reads it), SameSite=Strict (no other site
/// sends it), scoped to the console.
pub(crate) fn set_cookie(id: &str) -> String {
    format!(
        "{COOKIE}={id}; Path=/console; HttpOnly; SameSite=Strict; Max-Age={}",
        LIFETIME.as_secs()
    )
}

/// The `Set-Cookie` value that forgets the session cookie.
pub(crate) fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// Equal without an early exit, so timing does not reveal how much of a secret was right.
pub(crate) fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != expected.len());
    for (i, e) in expected.iter().enumerate() {
        diff |= e ^ given.get(i).copied().unwrap_or(0);
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_random_expire_and_close() {
        let sessions = Sessions::default();
        let t = Instant::now();
        let (a, sa) = sessions.open(t).unwrap();
        let (b, _) = sessions.open(t).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(sa.csrf, a);
        assert_eq!(sessions.get(&a, t), Some(sa));
        assert_eq!(sessions.get(&a, t + LIFETIME), None);
        sessions.close(&b);
        assert_eq!(sessions.get(&b, t), None);
        assert_eq!(sessions.get("nonsense", t), None);
    }

    #[test]
    fn sessions_are_bounded() {
        let sessions = Sessions::default();
        let t = Instant::now();
        for i in 0..MAX_SESSIONS + 10 {
            sessions.open(t + Duration::from_millis(i as u64)).unwrap();
        }
        assert_eq!(sessions.map.lock().unwrap().len(), MAX_SESSIONS);
    }

    #[test]
    fn cookies_are_found_by_name() {
        assert_eq!(cookie("a=1; easim_console=xyz; b=2", COOKIE), Some("xyz"));
        assert_eq!(cookie("easim_console_x=1", COOKIE), None);
        assert_eq!(cookie("", COOKIE), None);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abd", b"abc"));
        assert!(!constant_time_eq(b"abcd", b"abc"));
        assert!(!constant_time_eq(b"", b"abc"));
    }
}
