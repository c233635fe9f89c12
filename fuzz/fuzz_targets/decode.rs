//! Fuzz target for `easim::wbxml::decode`: no input may panic; whatever decodes must re-encode to an equivalent
//! document, dump without error, and have an XML view that reads back. Run: see `fuzz/Cargo.toml`.

#![no_main]

use easim::wbxml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut dump = String::new();
    let dumped = wbxml::hex_dump(data, &mut dump);
    match wbxml::decode(data) {
        Ok(doc) => {
            assert!(dumped.is_ok());
            let again = wbxml::decode(&wbxml::encode(&doc));
            assert_eq!(again.as_ref(), Ok(&doc));
            assert!(wbxml::from_xml(&wbxml::to_xml(&doc)).is_ok());
        }
        Err(e) => assert_eq!(dumped, Err(e)),
    }
});
