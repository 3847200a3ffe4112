//! Gazette splitting (and the PDF-text repair it uses) on arbitrary text:
//! an error or documents, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zhsearch::indexer::gazette;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = gazette::repair_text(text);
    let _ = gazette::looks_like_gazette(text);
    if let Ok(docs) = gazette::split(text, "fuzz.txt") {
        for doc in &docs {
            assert_eq!(doc.source, "fuzz.txt");
        }
    }
});
