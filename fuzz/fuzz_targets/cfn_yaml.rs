//! The YAML front end, then CloudFormation evaluation, adaptation and the
//! rules on whatever parsed.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(parsed) = palisade::parse::yaml::parse(&text) {
        common::template(&parsed.root);
    }
});
