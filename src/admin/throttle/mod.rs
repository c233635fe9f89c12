//! Exchange's throttling policies as the simulator applies them: `profile` (the documented default budgets of
//! Exchange Online and Exchange 2019, each figure cited), `budget` (the per-user cmdlet windows the admin endpoint
//! charges, and Exchange Online's text for a refused call), `estimate` (a script's calls replayed against the
//! budgets: the production wall time `easim run --throttle` prints).
//!
//! Pure: time is an argument in the profile's milliseconds; the server reads its clock and writes HTTP 429.

mod budget;
mod estimate;
mod profile;

#[cfg(test)]
mod tests;

pub use budget::{Budgets, Throttled};
pub use estimate::{Estimate, Step, duration_text, estimate};
pub use profile::{DESTRUCTIVE, EXCHANGE_2019, EXO, EasBudget, PROFILES, Profile, Window};
