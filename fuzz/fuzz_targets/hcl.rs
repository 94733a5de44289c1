//! The Terraform native syntax front end, then evaluation, adaptation and
//! the rules on whatever parsed.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use palisade::eval::terraform::{self, ModuleFile, Modules, Root};
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
    let dir = PathBuf::from("fuzz");
    let mut modules = Modules::new();
    modules.insert(terraform::normalize(&dir), Arc::new(vec![file]));
    let evaluated = terraform::evaluate(Root {
        dir,
        modules: &modules,
        inputs: Vec::new(),
        manifest: None,
        readable: &[],
    });
    let model = adapt::adapt_with(&evaluated.unit, &evaluated.related);
    rules::run(&model, &RuleSelection::default());
});
