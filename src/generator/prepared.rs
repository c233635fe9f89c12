//! `Prepared`: the catalog turned into the shared strings one generation run hands out (DeviceType, DeviceModel,
//! DeviceOS, User-Agent, ClientVersion per product and OS release; languages and operators per locale), plus
//! the weighted pickers the profile asks for.
//!
//! Built once per run so that a device costs `Arc` clones, not string formatting. It draws nothing: choosing
//! among these strings is `generate`'s job.

use std::sync::Arc;

use rand::Rng;

use super::catalog::{
    self, ANDROID_RELEASES, IOS_RELEASES, Kind, OUTLOOK_MODEL, Product, WINDOWS_BUILDS,
    WINDOWS_HARDWARE,
};
use super::profile::Profile;
use super::weighted::{Weighted, chance, unit};
use crate::model::{Civil, Timestamp};

/// Catalog strings for one run, as shared `Arc<str>`s.
pub(crate) struct Prepared {
    pub(crate) products: Vec<PreparedProduct>,
    /// Over `products`; `None` when the profile weights no product.
    pub(crate) product_pick: Option<Weighted>,
    pub(crate) per_mailbox: Weighted,
    /// Indexes into `catalog::LOCALES`, in the order `locale_pick` picks them (`device` gets the index).
    pub(crate) locales: Vec<usize>,
    pub(crate) locale_pick: Weighted,
    /// Per `catalog::LOCALES` entry.
    pub(crate) locale_strings: Vec<LocaleStrings>,
    /// Marketing names of Android phones (Outlook for Android's FriendlyName).
    pub(crate) android_names: Vec<&'static str>,
}

pub(crate) struct PreparedProduct {
    pub(crate) product: &'static Product,
    pub(crate) released: Timestamp,
    pub(crate) device_type: Arc<str>,
    pub(crate) model: Arc<str>,
    /// Windows Mail's PC models.
    pub(crate) hardware: Vec<Arc<str>>,
    /// OS releases the product runs, oldest first.
    pub(crate) variants: Vec<Variant>,
}

/// One OS release on one product: the strings that go with it.
pub(crate) struct Variant {
    pub(crate) released: Timestamp,
    pub(crate) os: Arc<str>,
    pub(crate) user_agents: Vec<Arc<str>>,
    pub(crate) client_version: Arc<str>,
}

pub(crate) struct LocaleStrings {
    pub(crate) language: Arc<str>,
    pub(crate) operators: Vec<Arc<str>>,
}

impl PreparedProduct {
    /// The variant a device that last synced at `attempt` runs: one of the three newest releases out by
    /// then (newer ones likelier), or the oldest when none was out yet.
    pub(crate) fn variant_at(&self, attempt: i64, rng: &mut impl Rng) -> usize {
        let out = self
            .variants
            .partition_point(|v| v.released.secs() <= attempt);
        match out {
            0 => 0,
            1 => 0,
            2 => out - 1 - usize::from(chance(rng, 0.3)),
            _ => {
                let x = unit(rng);
                out - 1 - usize::from(x >= 0.55) - usize::from(x >= 0.85)
            }
        }
    }
}

impl Prepared {
    pub(crate) fn new(profile: &Profile, now: Timestamp) -> Prepared {
        let client = |v: &str| -> Arc<str> { v.into() };
        let (v161, v160, v141, v10) = (
            client("16.1"),
            client("16.0"),
            client("14.1"),
            client("1.0"),
        );
        let mut products = Vec::new();
        let mut weights = Vec::new();
        for (key, weight) in &profile.population {
            if weight.0 <= 0.0 {
                continue;
            }
            let product = key.0;
            let prepared = PreparedProduct::new(product, &v161, &v160, &v141, &v10);
            // A product not yet released at `now` cannot have partnerships.
            if prepared.released > now {
                continue;
            }
            products.push(prepared);
            weights.push(weight.0);
        }
        let per_mailbox = Weighted::new(profile.users.devices_per_mailbox.iter().map(|w| w.0))
            .expect("a profile has a devices_per_mailbox weight above 0 (checked when parsed)");
        let mut locales = Vec::new();
        let mut locale_weights = Vec::new();
        for (key, weight) in &profile.users.languages {
            let i = catalog::LOCALES
                .iter()
                .position(|l| l.language == key.0.language)
                .expect("a LocaleKey names a catalog locale");
            locales.push(i);
            locale_weights.push(weight.0);
        }
        let locale_pick = Weighted::new(locale_weights)
            .expect("a profile has a language weight above 0 (checked when parsed)");
        let locale_strings = catalog::LOCALES
            .iter()
            .map(|l| LocaleStrings {
                language: l.language.into(),
                operators: l.operators.iter().map(|&o| o.into()).collect(),
            })
            .collect();
        let android_names = catalog::PRODUCTS
            .iter()
            .filter(|p| matches!(p.kind, Kind::Samsung | Kind::Gmail))
            .map(|p| p.name)
            .collect();
        Prepared {
            product_pick: Weighted::new(weights),
            products,
            per_mailbox,
            locales,
            locale_pick,
            locale_strings,
            android_names,
        }
    }
}

fn month_start(year: i32, month: u32) -> Timestamp {
    Timestamp::from_civil(Civil {
        year,
        month,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        millis: 0,
    })
    .expect("catalog dates are valid months")
}

/// `month_start` moved by `months` (Samsung ships Android releases a few months after Google).
fn months_after(year: i32, month: u32, months: u32) -> Timestamp {
    let m = month - 1 + months;
    month_start(year + (m / 12) as i32, m % 12 + 1)
}

impl PreparedProduct {
    fn new(
        product: &'static Product,
        v161: &Arc<str>,
        v160: &Arc<str>,
        v141: &Arc<str>,
        v10: &Arc<str>,
    ) -> PreparedProduct {
        let (min, max) = product.os_majors;
        let (year, month) = product.released;
        let mut variants = Vec::new();
        let device_type: Arc<str>;
        let mut model: Arc<str> = product.model.into();
        let mut hardware = Vec::new();
        match product.kind {
            Kind::Iphone | Kind::Ipad => {
                device_type = if product.kind == Kind::Iphone {
                    "iPhone".into()
                } else {
                    "iPad".into()
                };
                for r in IOS_RELEASES
                    .iter()
                    .filter(|r| (min..=max).contains(&r.major()))
                {
                    let version = match r.major() {
                        11.. => v161,
                        10 => v160,
                        _ => v141,
                    };
                    variants.push(Variant {
                        released: month_start(r.released.0, r.released.1),
                        os: format!("iOS {} {}", r.version, r.build).into(),
                        user_agents: vec![
                            format!("Apple-{}/{}", product.model, r.ua_build()).into(),
                        ],
                        client_version: version.clone(),
                    });
                }
            }
            Kind::Samsung => {
                device_type = format!("SAMSUNG{}", product.model.replace('-', "")).into();
                for r in ANDROID_RELEASES
                    .iter()
                    .filter(|r| (min..=max).contains(&r.major()))
                {
                    let major = r.major();
                    variants.push(Variant {
                        released: months_after(r.released.0, r.released.1, 3),
                        os: format!("Android {}", r.version).into(),
                        user_agents: (1..=3)
                            .map(|k| {
                                format!("Android-SAMSUNG-{}/101.{major}0{k}01", product.model)
                                    .into()
                            })
                            .collect(),
                        client_version: if major >= 10 { v161 } else { v141 }.clone(),
                    });
                }
            }
            Kind::Gmail => {
                device_type = "Android".into();
                for r in ANDROID_RELEASES
                    .iter()
                    .filter(|r| (min..=max).contains(&r.major()))
                {
                    let (y, m) = r.released;
                    variants.push(Variant {
                        released: month_start(y, m),
                        os: format!("Android {}", r.major()).into(),
                        user_agents: (0..3).map(|k| gmail_user_agent(y, m, k).into()).collect(),
                        client_version: v161.clone(),
                    });
                }
            }
            Kind::OutlookIos => {
                device_type = "Outlook".into();
                model = OUTLOOK_MODEL.into();
                let ua: Arc<str> = "Outlook-iOS/2.0".into();
                for r in IOS_RELEASES
                    .iter()
                    .filter(|r| (min..=max).contains(&r.major()))
                {
                    variants.push(Variant {
                        released: month_start(r.released.0, r.released.1),
                        os: format!("iOS {}", r.version).into(),
                        user_agents: vec![ua.clone()],
                        client_version: v10.clone(),
                    });
                }
            }
            Kind::OutlookAndroid => {
                device_type = "Outlook".into();
                model = OUTLOOK_MODEL.into();
                let ua: Arc<str> = "Outlook-Android/2.0".into();
                for r in ANDROID_RELEASES
                    .iter()
                    .filter(|r| (min..=max).contains(&r.major()))
                {
                    variants.push(Variant {
                        released: month_start(r.released.0, r.released.1),
                        os: format!("Android {}", r.major()).into(),
                        user_agents: vec![ua.clone()],
                        client_version: v10.clone(),
                    });
                }
            }
            Kind::WindowsMail => {
                device_type = "WindowsMail".into();
                hardware = WINDOWS_HARDWARE.iter().map(|&h| h.into()).collect();
                for &(build, (y, m)) in WINDOWS_BUILDS {
                    variants.push(Variant {
                        released: month_start(y, m),
                        os: format!("Windows {build}").into(),
                        user_agents: vec![format!("MSFT-WIN-3/{build}").into()],
                        client_version: v161.clone(),
                    });
                }
            }
        }
        variants.sort_by_key(|v| v.released);
        PreparedProduct {
            product,
            released: month_start(year, month),
            device_type,
            model,
            hardware,
            variants,
        }
    }
}

/// A Gmail app User-Agent of the kind shipped around `year`-`month`:
/// `Android-Mail/2023.08.20.562341920.Release`. The build number is derived, not drawn, so it is stable.
fn gmail_user_agent(year: i32, month: u32, k: u32) -> String {
    let day = 3 + 9 * k;
    let build = 400_000_000 + (year as u32 % 100) * 7_919_111 + month * 312_347 + k * 1_013;
    format!("Android-Mail/{year}.{month:02}.{day:02}.{build}.Release")
}
