//! The device catalog: real device populations as EAS reports them (DeviceType, DeviceModel, DeviceOS,
//! User-Agent, ClientVersion), the OS releases each model can run with their release dates, and the locales
//! (OS language, mobile operators, phone number shapes) devices are set up in.
//!
//! Static data only: turning it into devices is `generate`'s job. Strings follow what Exchange shows for these
//! clients: iPhone model strings are Apple's hardware identifiers with `,` written as `C` (`iPhone6,2` →
//! `iPhone6C2`), Samsung's native mail app reports DeviceType `SAMSUNG` + the model without dashes. Where the
//! exact vendor string is not documented (Gmail and Samsung app build numbers, iOS 26 builds) the values are
//! plausible, not captured.

/// How a product's strings are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// iOS Mail on an iPhone: DeviceType `iPhone`, DeviceOS `iOS 12.1 16B92`, UA `Apple-iPhone6C2/1602.92`.
    Iphone,
    /// iOS Mail on an iPad (DeviceType `iPad`), same shapes as the iPhone.
    Ipad,
    /// Samsung Email: DeviceType `SAMSUNGSMG991B`, DeviceOS `Android 13.0.0`, UA `Android-SAMSUNG-SM-G991B/101.130101`.
    Samsung,
    /// Gmail's Exchange support on other Android phones: DeviceType `Android`, UA `Android-Mail/…`.
    Gmail,
    /// Outlook for iOS (DeviceType `Outlook`, DeviceModel `Outlook for iOS and Android`, UA `Outlook-iOS/2.0`,
    /// DeviceFriendlyName `Outlook for iOS`; see `OUTLOOK_MODEL` for the sources).
    OutlookIos,
    /// Outlook for Android (UA `Outlook-Android/2.0`, DeviceFriendlyName `Outlook for Android`).
    OutlookAndroid,
    /// Windows 10/11 Mail and Calendar: DeviceType `WindowsMail`, DeviceOS `Windows 10.0.19045`.
    WindowsMail,
}

/// A population a profile can weight: one phone model, or one client whose hardware varies.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Product {
    /// The key profiles use (`iphone-5s`).
    pub(crate) key: &'static str,
    /// The marketing name (FriendlyName material).
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    /// The DeviceModel string (`iPhone6C2`, `SM-G991B`); unused for Outlook and Windows Mail.
    pub(crate) model: &'static str,
    /// Year and month the product came out: no partnership starts before it.
    pub(crate) released: (i32, u32),
    /// The oldest and newest OS major version the product runs (for Outlook: the oldest it supports).
    pub(crate) os_majors: (u32, u32),
}

const fn p(
    key: &'static str,
    name: &'static str,
    kind: Kind,
    model: &'static str,
    released: (i32, u32),
    os_majors: (u32, u32),
) -> Product {
    Product {
        key,
        name,
        kind,
        model,
        released,
        os_majors,
    }
}

use Kind::*;

/// Every product, grouped by vendor, oldest first.
pub(crate) const PRODUCTS: &[Product] = &[
    p(
        "iphone-5s",
        "iPhone 5s",
        Iphone,
        "iPhone6C2",
        (2013, 9),
        (7, 12),
    ),
    p(
        "iphone-6",
        "iPhone 6",
        Iphone,
        "iPhone7C2",
        (2014, 9),
        (8, 12),
    ),
    p(
        "iphone-6s",
        "iPhone 6s",
        Iphone,
        "iPhone8C1",
        (2015, 9),
        (9, 15),
    ),
    p(
        "iphone-se",
        "iPhone SE",
        Iphone,
        "iPhone8C4",
        (2016, 3),
        (9, 15),
    ),
    p(
        "iphone-7",
        "iPhone 7",
        Iphone,
        "iPhone9C3",
        (2016, 9),
        (10, 15),
    ),
    p(
        "iphone-8",
        "iPhone 8",
        Iphone,
        "iPhone10C4",
        (2017, 9),
        (11, 16),
    ),
    p(
        "iphone-x",
        "iPhone X",
        Iphone,
        "iPhone10C6",
        (2017, 11),
        (11, 16),
    ),
    p(
        "iphone-xr",
        "iPhone XR",
        Iphone,
        "iPhone11C8",
        (2018, 10),
        (12, 18),
    ),
    p(
        "iphone-xs",
        "iPhone XS",
        Iphone,
        "iPhone11C2",
        (2018, 9),
        (12, 18),
    ),
    p(
        "iphone-11",
        "iPhone 11",
        Iphone,
        "iPhone12C1",
        (2019, 9),
        (13, 26),
    ),
    p(
        "iphone-11-pro",
        "iPhone 11 Pro",
        Iphone,
        "iPhone12C3",
        (2019, 9),
        (13, 26),
    ),
    p(
        "iphone-se-2",
        "iPhone SE (2nd generation)",
        Iphone,
        "iPhone12C8",
        (2020, 4),
        (13, 26),
    ),
    p(
        "iphone-12",
        "iPhone 12",
        Iphone,
        "iPhone13C2",
        (2020, 10),
        (14, 26),
    ),
    p(
        "iphone-12-pro",
        "iPhone 12 Pro",
        Iphone,
        "iPhone13C3",
        (2020, 10),
        (14, 26),
    ),
    p(
        "iphone-13",
        "iPhone 13",
        Iphone,
        "iPhone14C5",
        (2021, 9),
        (15, 26),
    ),
    p(
        "iphone-13-pro",
        "iPhone 13 Pro",
        Iphone,
        "iPhone14C2",
        (2021, 9),
        (15, 26),
    ),
    p(
        "iphone-se-3",
        "iPhone SE (3rd generation)",
        Iphone,
        "iPhone14C6",
        (2022, 3),
        (15, 26),
    ),
    p(
        "iphone-14",
        "iPhone 14",
        Iphone,
        "iPhone14C7",
        (2022, 9),
        (16, 26),
    ),
    p(
        "iphone-14-pro",
        "iPhone 14 Pro",
        Iphone,
        "iPhone15C2",
        (2022, 9),
        (16, 26),
    ),
    p(
        "iphone-15",
        "iPhone 15",
        Iphone,
        "iPhone15C4",
        (2023, 9),
        (17, 26),
    ),
    p(
        "iphone-15-pro",
        "iPhone 15 Pro",
        Iphone,
        "iPhone16C1",
        (2023, 9),
        (17, 26),
    ),
    p(
        "iphone-16",
        "iPhone 16",
        Iphone,
        "iPhone17C3",
        (2024, 9),
        (18, 26),
    ),
    p(
        "iphone-16-pro",
        "iPhone 16 Pro",
        Iphone,
        "iPhone17C1",
        (2024, 9),
        (18, 26),
    ),
    p(
        "iphone-16e",
        "iPhone 16e",
        Iphone,
        "iPhone17C5",
        (2025, 2),
        (18, 26),
    ),
    p(
        "iphone-17",
        "iPhone 17",
        Iphone,
        "iPhone18C3",
        (2025, 9),
        (26, 26),
    ),
    p(
        "iphone-17-pro",
        "iPhone 17 Pro",
        Iphone,
        "iPhone18C1",
        (2025, 9),
        (26, 26),
    ),
    p(
        "ipad-6",
        "iPad (6th generation)",
        Ipad,
        "iPad7C5",
        (2018, 3),
        (11, 17),
    ),
    p(
        "ipad-air-4",
        "iPad Air (4th generation)",
        Ipad,
        "iPad13C1",
        (2020, 10),
        (14, 26),
    ),
    p(
        "ipad-pro-11-4",
        "iPad Pro 11-inch (4th generation)",
        Ipad,
        "iPad14C3",
        (2022, 10),
        (16, 26),
    ),
    p(
        "galaxy-s7",
        "Galaxy S7",
        Samsung,
        "SM-G930F",
        (2016, 3),
        (6, 8),
    ),
    p(
        "galaxy-s9",
        "Galaxy S9",
        Samsung,
        "SM-G960F",
        (2018, 3),
        (8, 10),
    ),
    p(
        "galaxy-s10",
        "Galaxy S10",
        Samsung,
        "SM-G973F",
        (2019, 3),
        (9, 12),
    ),
    p(
        "galaxy-s20",
        "Galaxy S20",
        Samsung,
        "SM-G981B",
        (2020, 3),
        (10, 13),
    ),
    p(
        "galaxy-s21",
        "Galaxy S21",
        Samsung,
        "SM-G991B",
        (2021, 1),
        (11, 15),
    ),
    p(
        "galaxy-s22",
        "Galaxy S22",
        Samsung,
        "SM-S901B",
        (2022, 2),
        (12, 16),
    ),
    p(
        "galaxy-s23",
        "Galaxy S23",
        Samsung,
        "SM-S911B",
        (2023, 2),
        (13, 16),
    ),
    p(
        "galaxy-s24",
        "Galaxy S24",
        Samsung,
        "SM-S921B",
        (2024, 1),
        (14, 16),
    ),
    p(
        "galaxy-s25",
        "Galaxy S25",
        Samsung,
        "SM-S931B",
        (2025, 2),
        (15, 16),
    ),
    p(
        "galaxy-a52",
        "Galaxy A52",
        Samsung,
        "SM-A525F",
        (2021, 3),
        (11, 14),
    ),
    p(
        "galaxy-a54",
        "Galaxy A54 5G",
        Samsung,
        "SM-A546B",
        (2023, 3),
        (13, 16),
    ),
    p(
        "galaxy-xcover6",
        "Galaxy XCover6 Pro",
        Samsung,
        "SM-G736B",
        (2022, 7),
        (12, 15),
    ),
    p("pixel-6", "Pixel 6", Gmail, "Pixel 6", (2021, 10), (12, 15)),
    p("pixel-7", "Pixel 7", Gmail, "Pixel 7", (2022, 10), (13, 16)),
    p("pixel-8", "Pixel 8", Gmail, "Pixel 8", (2023, 10), (14, 16)),
    p("pixel-9", "Pixel 9", Gmail, "Pixel 9", (2024, 8), (15, 16)),
    p(
        "xiaomi-13",
        "Xiaomi 13",
        Gmail,
        "2211133G",
        (2023, 3),
        (13, 15),
    ),
    p(
        "oneplus-11",
        "OnePlus 11",
        Gmail,
        "CPH2449",
        (2023, 2),
        (13, 16),
    ),
    p(
        "moto-g54",
        "moto g54 5G",
        Gmail,
        "moto g54 5G",
        (2023, 9),
        (13, 15),
    ),
    p(
        "outlook-ios",
        "Outlook for iOS",
        OutlookIos,
        "",
        (2015, 1),
        (8, 26),
    ),
    p(
        "outlook-android",
        "Outlook for Android",
        OutlookAndroid,
        "",
        (2015, 1),
        (6, 16),
    ),
    p(
        "windows-mail",
        "Windows Mail",
        WindowsMail,
        "",
        (2015, 7),
        (10, 10),
    ),
];

/// The DeviceModel Outlook mobile reports, whichever the platform. Seen in Get-MobileDeviceStatistics output
/// quoted in https://github.com/cunninghamp/Get-EASDeviceReport.ps1/issues/4 (DeviceType `Outlook`, DeviceModel
/// `Outlook for iOS and Android`) and read by the report in
/// https://office365itpros.com/2018/12/05/reporting-connection-protocol-used-outlook-mobile-clients/.
pub(crate) const OUTLOOK_MODEL: &str = "Outlook for iOS and Android";

/// The DeviceFriendlyName Outlook for iOS reports (the client's name, not the phone's), as the protocol report of
/// scenario B shows it (issue 11, point 6; the report is the one in
/// https://office365itpros.com/2018/12/05/reporting-connection-protocol-used-outlook-mobile-clients/).
pub(crate) const OUTLOOK_IOS_FRIENDLY_NAME: &str = "Outlook for iOS";

/// The DeviceFriendlyName Outlook for Android reports (same sources as `OUTLOOK_IOS_FRIENDLY_NAME`).
pub(crate) const OUTLOOK_ANDROID_FRIENDLY_NAME: &str = "Outlook for Android";

/// Out of 100 Outlook mobile partnerships, how many show no LastSuccessSync: Outlook mobile syncs through
/// Microsoft's service rather than with EAS Sync commands of its own, and scenario B's report expects the column
/// to be empty for some (MISSION.md: "LastSuccessSync, which may be empty"). The share is the simulator's choice.
const OUTLOOK_WITHOUT_SUCCESS_SYNC_PERCENT: u64 = 25;

/// Whether this Outlook mobile partnership is one of the share without a LastSuccessSync. Decided from the
/// DeviceId (FNV-1a), not from the generator's random stream, so the rest of a tenant is unchanged by it.
pub(crate) fn outlook_without_success_sync(d: &crate::model::MobileDevice) -> bool {
    if &*d.device_model != OUTLOOK_MODEL {
        return false;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in d.device_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h % 100 < OUTLOOK_WITHOUT_SUCCESS_SYNC_PERCENT
}

/// The product with this key (case-insensitive).
pub(crate) fn product(key: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.key.eq_ignore_ascii_case(key))
}

/// An iOS release as Mail reports it: `iOS <version> <build>`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IosRelease {
    pub(crate) version: &'static str,
    pub(crate) build: &'static str,
    pub(crate) released: (i32, u32),
}

impl IosRelease {
    pub(crate) fn major(&self) -> u32 {
        leading_number(self.version)
    }

    /// The User-Agent build token: `16B92` → `1602.92` (major, the letter's position, the build number).
    pub(crate) fn ua_build(&self) -> String {
        let b = self.build;
        let letter = b.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(b.len());
        let major = &b[..letter];
        let (pos, rest) = match b[letter..].chars().next() {
            Some(c) => (
                u32::from(c.to_ascii_uppercase()) - u32::from('A') + 1,
                &b[letter + 1..],
            ),
            None => (0, ""),
        };
        format!("{major}{pos:02}.{rest}")
    }
}

const fn ios(version: &'static str, build: &'static str, released: (i32, u32)) -> IosRelease {
    IosRelease {
        version,
        build,
        released,
    }
}

/// iOS releases devices are found on, oldest first (a sample of each major's common point releases). iOS Mail
/// reports DeviceOS as `iOS <version> <build>` and Outlook for iOS as `iOS <version>`, as in the
/// Get-MobileDeviceStatistics output quoted in https://github.com/cunninghamp/Get-EASDeviceReport.ps1/issues/4
/// (`iPhone7C2 | iOS 10.2 14C92`, `Outlook for iOS and Android | iOS 10.3.3`).
pub(crate) const IOS_RELEASES: &[IosRelease] = &[
    ios("7.1.2", "11D257", (2014, 6)),
    ios("8.4.1", "12H321", (2015, 8)),
    ios("9.3.5", "13G36", (2016, 8)),
    ios("10.3.3", "14G60", (2017, 7)),
    ios("11.2.6", "15D100", (2018, 2)),
    ios("11.4.1", "15G77", (2018, 7)),
    ios("12.1", "16B92", (2018, 10)),
    ios("12.4.1", "16G102", (2019, 8)),
    ios("13.3", "17C54", (2019, 12)),
    ios("13.7", "17H35", (2020, 9)),
    ios("14.4", "18D52", (2021, 1)),
    ios("14.8.1", "18H107", (2021, 10)),
    ios("15.1", "19B74", (2021, 10)),
    ios("15.4.1", "19E258", (2022, 3)),
    ios("15.7", "19H12", (2022, 9)),
    ios("16.1.1", "20B101", (2022, 11)),
    ios("12.5.7", "16H81", (2023, 1)),
    ios("16.6", "20G75", (2023, 7)),
    ios("17.1.2", "21B101", (2023, 11)),
    ios("17.5.1", "21F90", (2024, 5)),
    ios("15.8.3", "19H386", (2024, 7)),
    ios("17.6.1", "21G93", (2024, 8)),
    ios("16.7.10", "20H350", (2024, 8)),
    ios("18.1", "22B83", (2024, 10)),
    ios("18.3.1", "22D72", (2025, 2)),
    ios("18.5", "22F76", (2025, 5)),
    ios("18.6.2", "22G100", (2025, 8)),
    ios("26.0.1", "23A355", (2025, 9)),
    ios("26.1", "23B85", (2025, 11)),
];

/// An Android release: the version Samsung Email reports (`13.0.0`) and the date phones got it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AndroidRelease {
    pub(crate) version: &'static str,
    pub(crate) released: (i32, u32),
}

impl AndroidRelease {
    pub(crate) fn major(&self) -> u32 {
        leading_number(self.version)
    }
}

const fn android(version: &'static str, released: (i32, u32)) -> AndroidRelease {
    AndroidRelease { version, released }
}

/// Android releases, oldest first.
pub(crate) const ANDROID_RELEASES: &[AndroidRelease] = &[
    android("6.0.1", (2015, 12)),
    android("7.0.0", (2016, 8)),
    android("8.0.0", (2017, 8)),
    android("9.0.0", (2018, 8)),
    android("10.0.0", (2019, 9)),
    android("11.0.0", (2020, 9)),
    android("12.0.0", (2021, 10)),
    android("13.0.0", (2022, 8)),
    android("14.0.0", (2023, 10)),
    android("15.0.0", (2024, 10)),
    android("16.0.0", (2025, 6)),
];

/// A Windows build Windows Mail reports (`Windows 10.0.19045`; Windows 11 reports 10.0 too). The shape, and the
/// PC's model as DeviceModel, as quoted in https://github.com/cunninghamp/Get-EASDeviceReport.ps1/issues/4
/// (`WindowsMail | VMware Virtual Platform | Windows 10.0.14393`).
pub(crate) const WINDOWS_BUILDS: &[(&str, (i32, u32))] = &[
    ("10.0.18363", (2019, 11)),
    ("10.0.19044", (2021, 11)),
    ("10.0.19045", (2022, 10)),
    ("10.0.22621", (2022, 9)),
    ("10.0.22631", (2023, 10)),
    ("10.0.26100", (2024, 10)),
];

/// The PCs Windows Mail runs on (DeviceModel is the PC's model).
pub(crate) const WINDOWS_HARDWARE: &[&str] = &[
    "Surface Laptop 4",
    "Surface Laptop 5",
    "Surface Pro 7",
    "Surface Pro 9",
    "Latitude 5420",
    "Latitude 7440",
    "OptiPlex 7090",
    "ThinkPad T14 Gen 2i",
    "ThinkPad X1 Carbon Gen 9",
    "HP EliteBook 840 G8",
    "Virtual Machine",
];

/// A locale devices are set up in: DeviceOSLanguage, the operators of its country and its phone numbers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Locale {
    pub(crate) language: &'static str,
    pub(crate) operators: &'static [&'static str],
    /// The number's fixed start (country code and, where one exists, a range reserved for fiction).
    pub(crate) phone_prefix: &'static str,
    /// How many random digits follow the prefix.
    pub(crate) phone_digits: usize,
}

const fn locale(
    language: &'static str,
    operators: &'static [&'static str],
    phone_prefix: &'static str,
    phone_digits: usize,
) -> Locale {
    Locale {
        language,
        operators,
        phone_prefix,
        phone_digits,
    }
}

pub(crate) const LOCALES: &[Locale] = &[
    locale("en-US", &["Verizon", "AT&T", "T-Mobile"], "+142555501", 2),
    locale(
        "en-GB",
        &["EE", "Vodafone UK", "O2 - UK", "3 UK"],
        "+447700900",
        3,
    ),
    locale(
        "de-DE",
        &["Telekom.de", "Vodafone.de", "o2 - de"],
        "+49151",
        8,
    ),
    locale(
        "fr-FR",
        &["Orange F", "SFR", "Bouygues Telecom", "Free"],
        "+3363998",
        4,
    ),
    locale("nl-NL", &["KPN", "Vodafone NL", "Odido"], "+316", 8),
    locale("es-ES", &["Movistar", "Vodafone ES", "Orange"], "+346", 8),
    locale(
        "it-IT",
        &["TIM", "vodafone IT", "WINDTRE", "Iliad"],
        "+39347",
        7,
    ),
    locale("ja-JP", &["NTT DOCOMO", "au", "SoftBank"], "+8190", 8),
];

/// The locale with this language tag (case-insensitive).
pub(crate) fn locale_named(language: &str) -> Option<&'static Locale> {
    LOCALES
        .iter()
        .find(|l| l.language.eq_ignore_ascii_case(language))
}

fn leading_number(version: &str) -> u32 {
    version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}
