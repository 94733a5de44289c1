//! The Terraform native syntax front end, then evaluation, adaptation and
//! the rules on whatever parsed.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use palisade::eval::terraform::{evaluate, ModuleFile};
use palisade::model::adapt;
use palisade::rules::{self, RuleSelection};
use palisade::source::FileId;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(parsed) = palisade::parse::hcl::parse(&text) else {
        return;
    };
    let file = ModuleFile {
        file: FileId(0),
        text: Arc::from(&*text),
        body: parsed.body,
    };
    let unit = evaluate(&[file], PathBuf::from("fuzz"));
    let model = adapt::adapt(&unit);
    rules::run(&model, &RuleSelection::default());
});
